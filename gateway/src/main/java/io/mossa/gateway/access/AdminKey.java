package io.mossa.gateway.access;

import java.security.MessageDigest;

/**
 * The configured administrator key. A presented key is compared by its SHA-256 digest with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the first difference lies, and digests
 * have a fixed length: the response time tells an attacker neither how much of a guess was right nor the key's length.
 */
final class AdminKey {

    /** Marks the placeholder values committed in k8s/ (and docs), which must never guard a running gateway. */
    static final String PLACEHOLDER = "CHANGE-ME";

    private final byte[] digest;

    AdminKey(String configured) {
        if (configured != null && configured.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("mossa.gateway.admin-key (MOSSA_GATEWAY_ADMIN_KEY) is still the "
                    + "placeholder '" + configured + "': set it to a long random secret, e.g. openssl rand -base64 32");
        }
        this.digest = configured == null || configured.isBlank() ? null : ApiKeySecrets.digest(configured);
    }

    boolean configured() {
        return digest != null;
    }

    boolean matches(String presented) {
        return digest != null && presented != null && MessageDigest.isEqual(digest, ApiKeySecrets.digest(presented));
    }
}
