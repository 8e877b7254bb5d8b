package io.mossa.gateway.access;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.upstream.ApiKeyClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The administrator's API keys: create (the secret is shown once), list, revoke. {@link AccessRules} lets only the
 * admin key in here; cka-service stores each key by the SHA-256 hash of its secret.
 */
@RestController
@RequestMapping(AccessRules.KEYS_PATH)
@Tag(name = "API keys", description = "Administrator only (the admin key in X-API-Key): the keys that may submit "
        + "and change experiments, task sets and similarity computations.")
public class ApiKeyController {

    static final int MAX_NAME_CHARS = 100;
    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);

    private final ApiKeyClient keys;
    private final ApiKeyCache cache;

    ApiKeyController(ApiKeyClient keys, ApiKeyCache cache) {
        this.keys = keys;
        this.cache = cache;
    }

    @Schema(description = "A new API key")
    public record CreateApiKeyRequest(
            @Schema(description = "Who or what uses the key, for the list and the logs; 1 to 100 characters",
                    example = "ci-pipeline", requiredMode = Schema.RequiredMode.REQUIRED) String name) {
    }

    @Schema(description = "A new API key with its secret: send the secret as X-API-Key. It is shown only now; "
            + "the platform keeps nothing but its SHA-256 hash.")
    public record CreatedApiKey(
            @Schema(example = "5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c") UUID id,
            @Schema(example = "ci-pipeline") String name,
            Instant createdAt,
            @Schema(example = "mossa_ZXhhbXBsZS1vbmx5LXNlY3JldC1vZi0zMi1ieXRlcyE") String secret) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create an API key", description = "Returns the key's secret, once: store it now.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the key")
    @ApiResponse(responseCode = "400", description = "name missing, blank or longer than 100 characters")
    public ResponseEntity<CreatedApiKey> create(@RequestBody CreateApiKeyRequest request) {
        String name = request == null || request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            String message = name == null ? "is required" : name.isEmpty() ? "must not be blank"
                    : "must be at most " + MAX_NAME_CHARS + " characters, was " + name.length();
            throw ApiProblem.badRequest("name: " + message).with("errors", List.of(Map.of("field", "name",
                    "message", message)));
        }
        String secret = ApiKeySecrets.generate();
        ApiKeyView key = keys.create(name, ApiKeySecrets.hash(secret));
        log.info("api key {} '{}' created", key.id(), key.name());
        return ResponseEntity.created(URI.create(AccessRules.KEYS_PATH + "/" + key.id()))
                .body(new CreatedApiKey(key.id(), key.name(), key.createdAt(), secret));
    }

    @GetMapping
    @Operation(summary = "List API keys", description = "Oldest first, revoked ones included; never a secret.")
    public ApiKeyList list() {
        return keys.list();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "At once on this gateway replica; on the others within "
            + "the key cache's TTL (mossa.gateway.api-key-cache-ttl, 30 s by default). Revoking twice is harmless.")
    @ApiResponse(responseCode = "200", description = "Revoked; the key as it is now")
    @ApiResponse(responseCode = "404", description = "No key has this id")
    public ApiKeyView revoke(@PathVariable UUID id) {
        ApiKeyView key = keys.revoke(id);
        cache.evict(id.toString());
        log.info("api key {} '{}' revoked", key.id(), key.name());
        return key;
    }
}
