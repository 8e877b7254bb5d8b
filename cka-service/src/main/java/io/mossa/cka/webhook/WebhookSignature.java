package io.mossa.cka.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery: HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes), over the
 * attempt's Unix timestamp in seconds, a dot, and the exact body bytes; sent as {@code v1=} and lower-case hex.
 * Signing the timestamp with the body lets a receiver refuse replays of an old delivery (docs/webhooks.md).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Mossa-Signature";
    public static final String TIMESTAMP_HEADER = "X-Mossa-Timestamp";
    public static final String VERSION = "v1";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
