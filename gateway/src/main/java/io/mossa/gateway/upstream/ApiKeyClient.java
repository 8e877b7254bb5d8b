package io.mossa.gateway.upstream;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.access.ApiKeyList;
import io.mossa.gateway.access.ApiKeyView;

/** cka-service's store of API keys, which knows keys only by the SHA-256 hash of their secret. */
public class ApiKeyClient {

    private final RestClient http;

    ApiKeyClient(RestClient http) {
        this.http = http;
    }

    public ApiKeyView create(String name, String secretHash) {
        return UpstreamCall.call("cka-service", () -> http.post().uri("/v1/api-keys")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name, "secretHash", secretHash))
                .retrieve().body(ApiKeyView.class));
    }

    public ApiKeyList list() {
        return UpstreamCall.call("cka-service", () -> http.get().uri("/v1/api-keys").retrieve().body(ApiKeyList.class));
    }

    /** The active key with this secret hash, or empty when there is none (unknown or revoked). */
    public Optional<ApiKeyView> authenticate(String secretHash) {
        return UpstreamCall.call("cka-service", () -> {
            try {
                return Optional.ofNullable(http.post().uri("/v1/api-keys/authenticate")
                        .contentType(MediaType.APPLICATION_JSON).body(Map.of("secretHash", secretHash))
                        .retrieve().body(ApiKeyView.class));
            } catch (HttpClientErrorException.NotFound e) {
                return Optional.empty();
            }
        });
    }

    public ApiKeyView revoke(UUID id) {
        return UpstreamCall.call("cka-service",
                () -> http.delete().uri("/v1/api-keys/{id}", id).retrieve().body(ApiKeyView.class));
    }
}
