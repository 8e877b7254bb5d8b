package io.mossa.cka.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HMAC-SHA256 written out from RFC 2104 over a plain SHA-256 digest (no javax.crypto.Mac), and the receiver's
 * side of the signature scheme as docs/webhooks.md describes it: the independent reference the signing is checked
 * against.
 */
final class ReferenceHmac {

    private static final int BLOCK = 64;

    private ReferenceHmac() {
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        byte[] k = key.length > BLOCK ? sha256(key) : key;
        byte[] padded = new byte[BLOCK];
        System.arraycopy(k, 0, padded, 0, k.length);
        byte[] inner = new byte[BLOCK + message.length];
        byte[] outerKey = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (padded[i] ^ 0x36);
            outerKey[i] = (byte) (padded[i] ^ 0x5c);
        }
        System.arraycopy(message, 0, inner, BLOCK, message.length);
        byte[] innerHash = sha256(inner);
        byte[] outer = new byte[BLOCK + innerHash.length];
        System.arraycopy(outerKey, 0, outer, 0, BLOCK);
        System.arraycopy(innerHash, 0, outer, BLOCK, innerHash.length);
        return sha256(outer);
    }

    /** The expected X-Mossa-Signature of a delivery: v1= and hex of HMAC(secret, timestamp + "." + body). */
    static String expectedSignature(String secret, String timestampHeader, byte[] body) {
        byte[] prefix = (timestampHeader + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), message));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
