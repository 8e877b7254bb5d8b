package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Writes need an API key; the administrator manages keys, of which only hashes are stored.
 */
class ApiKeysIT extends PlatformScenario {

    @Test
    void writesNeedAKeyTheAdministratorManagesKeysAndOnlyTheirHashesAreStored() throws Exception {
        // an invalid definition: a request that passes the key check is answered 400, never run
        String invalid = "{\"name\": \"keys\"}";
        HttpResponse<String> anonymous = post("/api/v1/experiments", invalid, null);
        assertProblem(anonymous, 401, "POST needs an API key");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("ApiKey header=\"X-API-Key\"");
        assertProblem(post("/api/v1/experiments", invalid, "mossa_made-up"), 401, "unknown or revoked API key");
        assertProblem(postMultipart("/api/v1/similarity", new byte[0], new byte[0], null), 401, "needs an API key");
        assertThat(get("/api/v1/experiments").statusCode()).as("reads stay open").isEqualTo(200);
        assertProblem(send("GET", "/api/v1/api-keys", null), 401, "needs the admin key");

        HttpResponse<String> created = post("/api/v1/api-keys", "{\"name\": \"it-client\"}", ADMIN_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String id = key.get("id").asString();
        String secret = key.get("secret").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/api-keys/" + id);
        assertThat(secret).startsWith("mossa_").hasSize(49);
        assertProblem(post("/api/v1/api-keys", "{\"name\": \" \"}", ADMIN_KEY), 400, "name: must not be blank");

        // the new key writes (here: gets as far as validating the definition) but does not manage keys
        assertProblem(post("/api/v1/experiments", invalid, secret), 400, "");
        assertProblem(send("GET", "/api/v1/api-keys", secret), 403, "needs the admin key");
        assertProblem(post("/api/v1/api-keys", "{\"name\": \"mine\"}", secret), 403, "needs the admin key");

        HttpResponse<String> list = send("GET", "/api/v1/api-keys", ADMIN_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret);
        JsonNode listed = null;
        for (JsonNode k : JSON.readTree(list.body()).get("apiKeys")) {
            if (k.get("id").asString().equals(id)) {
                listed = k;
            }
        }
        assertThat(listed).as(list.body()).isNotNull();
        assertThat(listed.get("name").asString()).isEqualTo("it-client");
        assertThat(listed.get("revoked").asBoolean()).isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).as("used above").isFalse();

        // the database holds SHA-256(secret), computed here independently, and nothing that contains the secret
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select secret_hash, row_to_json(k)::text from cka.api_key k where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBytes(1)).isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(row.getString(2)).doesNotContain(secret).doesNotContain(secret.substring(6));
            }
        }

        // revoked through the gateway: refused at once
        HttpResponse<String> revoked = send("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("revoked").asBoolean()).isTrue();
        assertProblem(post("/api/v1/experiments", invalid, secret), 401, "unknown or revoked API key");
        assertProblem(send("DELETE", "/api/v1/api-keys/" + UUID.randomUUID(), ADMIN_KEY), 404, "");

        // revoked elsewhere (another gateway replica: straight in cka-service): refused once the cache TTL has passed
        String other = JSON.readTree(post("/api/v1/api-keys", "{\"name\": \"other\"}", ADMIN_KEY).body())
                .get("secret").asString();
        String otherId = null;
        for (JsonNode k : JSON.readTree(send("GET", "/api/v1/api-keys", ADMIN_KEY).body()).get("apiKeys")) {
            if (k.get("name").asString().equals("other")) {
                otherId = k.get("id").asString();
            }
        }
        assertProblem(post("/api/v1/experiments", invalid, other), 400, "");
        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create(cka().url() + "/v1/api-keys/" + otherId))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(200);
        Thread.sleep(KEY_CACHE_TTL.toMillis() + 100);
        assertProblem(post("/api/v1/experiments", invalid, other), 401, "unknown or revoked API key");
    }
}
