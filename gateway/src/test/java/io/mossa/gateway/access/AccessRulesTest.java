package io.mossa.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.mossa.gateway.access.AccessRules.Decision;
import io.mossa.gateway.access.AccessRules.Presented;

/** Every combination of method, path and caller against the rules as the contract states them. */
class AccessRulesTest {

    private static final Caller KEY = new Caller("5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c", "ci", false);

    private static int status(String method, String path, Presented presented, Caller caller) {
        return AccessRules.decide(method, path, presented, caller).status();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void writesNeedAKeyOrTheAdminKey(String method) {
        for (String path : List.of("/api/v1/experiments", "/api/v1/similarity", "/api/v1/task-sets/demo/tasks/t/examples",
                "/api/v1/experiments/5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c")) {
            assertThat(status(method, path, Presented.NONE, Caller.ANONYMOUS)).as(method + " " + path).isEqualTo(401);
            assertThat(status(method, path, Presented.VALID, KEY)).as(method + " " + path).isEqualTo(200);
            assertThat(status(method, path, Presented.VALID, Caller.ADMIN)).as(method + " " + path).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/experiments", "/api/v1/models", "/api/v1/task-sets", "/actuator/health/readiness",
            "/v3/api-docs", "/swagger-ui/index.html", "/results.html", "/"})
    void readsAreOpenToAnyone(String path) {
        assertThat(status("GET", path, Presented.NONE, Caller.ANONYMOUS)).isEqualTo(200);
        assertThat(status("HEAD", path, Presented.NONE, Caller.ANONYMOUS)).isEqualTo(200);
        assertThat(status("GET", path, Presented.VALID, KEY)).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE", "HEAD"})
    void anUnknownOrRevokedKeyIsRefusedWhateverTheRequest(String method) {
        Decision decision = AccessRules.decide(method, "/api/v1/experiments", Presented.UNKNOWN, Caller.ANONYMOUS);
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.detail()).isEqualTo("X-API-Key: unknown or revoked API key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "DELETE"})
    void webhooksNeedAKeyEvenToRead(String method) {
        for (String path : List.of("/api/v1/webhooks", "/api/v1/webhooks/5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c/deliveries")) {
            Decision anonymous = AccessRules.decide(method, path, Presented.NONE, Caller.ANONYMOUS);
            assertThat(anonymous.status()).as(method + " " + path).isEqualTo(401);
            assertThat(anonymous.detail()).contains("X-API-Key");
            assertThat(status(method, path, Presented.VALID, KEY)).as(method + " " + path).isEqualTo(200);
            assertThat(status(method, path, Presented.VALID, Caller.ADMIN)).as(method + " " + path).isEqualTo(200);
        }
        // a look-alike path is not the webhooks resource
        assertThat(status("GET", "/api/v1/webhooksfoo", Presented.NONE, Caller.ANONYMOUS)).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE"})
    void apiKeysAreTheAdministratorsOnly(String method) {
        for (String path : List.of("/api/v1/api-keys", "/api/v1/api-keys/5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c")) {
            assertThat(status(method, path, Presented.NONE, Caller.ANONYMOUS)).as(method + " " + path).isEqualTo(401);
            Decision other = AccessRules.decide(method, path, Presented.VALID, KEY);
            assertThat(other.status()).as(method + " " + path).isEqualTo(403);
            assertThat(other.detail()).contains("'ci'");
            assertThat(status(method, path, Presented.VALID, Caller.ADMIN)).as(method + " " + path).isEqualTo(200);
        }
    }

    @Test
    void onlyTheExactKeysPathIsAdminOnly() {
        // a sibling whose name merely starts like it is an ordinary path
        assertThat(status("GET", "/api/v1/api-keys-help", Presented.VALID, KEY)).isEqualTo(200);
    }

    @Test
    void refusalsSayWhatToSend() {
        assertThat(AccessRules.decide("POST", "/api/v1/experiments", Presented.NONE, Caller.ANONYMOUS).detail())
                .isEqualTo("X-API-Key: POST needs an API key (header X-API-Key); ask the administrator for one");
        assertThat(AccessRules.decide("GET", "/api/v1/api-keys", Presented.NONE, Caller.ANONYMOUS).detail())
                .isEqualTo("X-API-Key: managing API keys needs the admin key");
    }
}
