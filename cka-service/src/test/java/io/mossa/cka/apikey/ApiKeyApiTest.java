package io.mossa.cka.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.mossa.cka.AbstractServiceTest;
import tools.jackson.databind.JsonNode;

/** The internal API-key API on real PostgreSQL: keys are stored and recognised by the hash of their secret only. */
class ApiKeyApiTest extends AbstractServiceTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    DataSource dataSource;

    @Test
    void aCreatedKeyIsListedAndRecognisedByItsHashUntilRevoked() throws Exception {
        String secret = randomSecret();
        String hash = sha256Hex(secret);

        Response created = post("/v1/api-keys", "{\"name\":\"  ci pipeline \",\"secretHash\":\"" + hash + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.location()).isEqualTo("/v1/api-keys/" + id);
        assertThat(created.body().get("name").asString()).isEqualTo("ci pipeline");
        assertThat(created.body().get("revoked").asBoolean()).isFalse();
        assertThat(created.text()).doesNotContain(hash).doesNotContain(secret);

        JsonNode listed = listed(id);
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();

        Response authenticated = post("/v1/api-keys/authenticate", "{\"secretHash\":\"" + hash + "\"}");
        assertThat(authenticated.status()).isEqualTo(200);
        assertThat(authenticated.body().get("id").asString()).isEqualTo(id);
        assertThat(listed(id).get("lastUsedAt").isNull()).isFalse();

        // the hash of another secret is not this key
        assertThat(post("/v1/api-keys/authenticate", "{\"secretHash\":\"" + sha256Hex(randomSecret()) + "\"}").status())
                .isEqualTo(404);

        Response revoked = delete("/v1/api-keys/" + id);
        assertThat(revoked.status()).isEqualTo(200);
        JsonNode revokedKey = revoked.body();
        assertThat(revokedKey.get("revoked").asBoolean()).isTrue();
        assertThat(post("/v1/api-keys/authenticate", "{\"secretHash\":\"" + hash + "\"}").status()).isEqualTo(404);
        assertThat(listed(id).get("revoked").asBoolean()).isTrue();

        // revoking again changes nothing
        Response again = delete("/v1/api-keys/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("revokedAt").asString())
                .isEqualTo(revokedKey.get("revokedAt").asString());
    }

    @Test
    void theTableHoldsTheDigestOfTheSecretAndNothingElseAboutIt() {
        String secret = randomSecret();
        String hash = sha256Hex(secret);
        String id = post("/v1/api-keys", "{\"name\":\"stored\",\"secretHash\":\"" + hash + "\"}").body().get("id").asString();

        JdbcClient jdbc = JdbcClient.create(dataSource);
        byte[] stored = jdbc.sql("SELECT secret_hash FROM cka.api_key WHERE id = ?::uuid").param(id)
                .query(byte[].class).single();
        assertThat(HexFormat.of().formatHex(stored)).isEqualTo(hash);
        String row = jdbc.sql("SELECT row_to_json(k)::text FROM cka.api_key k WHERE id = ?::uuid").param(id)
                .query(String.class).single();
        assertThat(row).doesNotContain(secret);
    }

    @Test
    void aSecondKeyWithTheSameHashIsAConflict() {
        String hash = sha256Hex(randomSecret());
        assertThat(post("/v1/api-keys", "{\"name\":\"first\",\"secretHash\":\"" + hash + "\"}").status()).isEqualTo(201);
        Response second = post("/v1/api-keys", "{\"name\":\"second\",\"secretHash\":\"" + hash + "\"}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("detail").asString()).contains("secretHash");
    }

    @Test
    void invalidRequestsAreProblemsNamingTheField() {
        String hash = sha256Hex(randomSecret());
        List<String[]> cases = List.of(
                new String[] {"{\"name\":\"  \",\"secretHash\":\"" + hash + "\"}", "name"},
                new String[] {"{\"name\":\"" + "x".repeat(ApiKeyApi.MAX_NAME_CHARS + 1) + "\",\"secretHash\":\"" + hash + "\"}", "name"},
                new String[] {"{\"name\":\"k\"}", "secretHash"},
                new String[] {"{\"name\":\"k\",\"secretHash\":\"" + hash.toUpperCase() + "\"}", "secretHash"},
                new String[] {"{\"name\":\"k\",\"secretHash\":\"" + hash.substring(2) + "\"}", "secretHash"});
        for (String[] c : cases) {
            Response response = post("/v1/api-keys", c[0]);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.text()).as(c[0]).contains(c[1]);
        }
        assertThat(post("/v1/api-keys/authenticate", "{\"secretHash\":\"not-hex\"}").status()).isEqualTo(400);
    }

    @Test
    void revokingAnUnknownKeyIsNotFound() throws Exception {
        assertThat(delete("/v1/api-keys/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        Response notUuid = delete("/v1/api-keys/not-a-uuid");
        assertThat(notUuid.status()).isEqualTo(404);
        assertThat(notUuid.text()).contains("not-a-uuid");
    }

    private JsonNode listed(String id) {
        Response list = get("/v1/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).doesNotContain("secretHash");
        for (JsonNode key : list.body().get("apiKeys")) {
            if (key.get("id").asString().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("key " + id + " not listed: " + list.text());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
