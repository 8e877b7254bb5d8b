package io.mossa.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets of API keys: 256 random bits, and the SHA-256 hash that is all cka-service ever stores or sees.
 * A plain fast hash is right for such secrets, unlike for passwords: nobody can guess or look up 256 random bits,
 * so a slow or salted hash (bcrypt, Argon2) would buy no safety and cost every request a deliberately slow check.
 */
public final class ApiKeySecrets {

    /** Makes a leaked key recognisable (secret scanners, logs) without revealing anything about it. */
    static final String PREFIX = "mossa_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** A new secret: the prefix and 32 random bytes, base64url without padding (49 characters). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the secret's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
