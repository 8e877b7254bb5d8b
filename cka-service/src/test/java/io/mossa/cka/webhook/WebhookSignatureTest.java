package io.mossa.cka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theReferenceHmacReproducesRfc4231() {
        // RFC 4231, test case 2 (a key shorter than the block) and test case 6 (a key longer than the block)
        assertThat(HexFormat.of().formatHex(ReferenceHmac.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        byte[] longKey = new byte[131];
        java.util.Arrays.fill(longKey, (byte) 0xaa);
        assertThat(HexFormat.of().formatHex(ReferenceHmac.hmacSha256(longKey,
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void signatureIsHmacSha256OfTimestampDotBodyUnderTheSecret() {
        String secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
        byte[] body = "{\"type\":\"experiment.succeeded\",\"name\":\"Übersetzung ✓\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(secret, 1_765_000_000L, body);
        assertThat(signature).isEqualTo(ReferenceHmac.expectedSignature(secret, "1765000000", body));
        assertThat(signature).matches("v1=[0-9a-f]{64}");
    }

    @Test
    void anyChangeOfSecretTimestampOrBodyChangesTheSignature() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign("secret-one-of-at-least-thirty-two-chars", 100, body);
        assertThat(WebhookSignature.sign("secret-two-of-at-least-thirty-two-chars", 100, body)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign("secret-one-of-at-least-thirty-two-chars", 101, body)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign("secret-one-of-at-least-thirty-two-chars", 100,
                "{\"a\":2}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(signature);
    }
}
