package io.mossa.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AdminKeyAndSecretsTest {

    @Test
    void theAdminKeyMatchesOnlyItself() {
        AdminKey admin = new AdminKey("s3cret-admin");
        assertThat(admin.configured()).isTrue();
        assertThat(admin.matches("s3cret-admin")).isTrue();
        assertThat(admin.matches("s3cret-admiN")).isFalse();
        assertThat(admin.matches("s3cret-admin ")).isFalse();
        assertThat(admin.matches("s3cret")).isFalse();
        assertThat(admin.matches("")).isFalse();
        assertThat(admin.matches(null)).isFalse();
    }

    @Test
    void theCommittedPlaceholderIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AdminKey("CHANGE-ME-admin-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MOSSA_GATEWAY_ADMIN_KEY").hasMessageContaining("placeholder");
    }

    @Test
    void anEmptyAdminKeyMatchesNothing() {
        for (String configured : new String[] {null, "", "  "}) {
            AdminKey admin = new AdminKey(configured);
            assertThat(admin.configured()).isFalse();
            assertThat(admin.matches("")).isFalse();
            assertThat(admin.matches("  ")).isFalse();
        }
    }

    @Test
    void secretsCarry256RandomBitsAndTheirHashIsSha256() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = ApiKeySecrets.generate();
            assertThat(secret).startsWith("mossa_").matches("mossa_[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret.substring(6))).hasSize(32);
            assertThat(seen.add(secret)).isTrue();
        }
        // FIPS 180-2 test vector: SHA-256("abc")
        assertThat(ApiKeySecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
