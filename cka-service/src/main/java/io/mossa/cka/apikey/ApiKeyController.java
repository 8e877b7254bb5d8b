package io.mossa.cka.apikey;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.apikey.ApiKeyApi.ApiKeyList;
import io.mossa.cka.apikey.ApiKeyApi.ApiKeyView;
import io.mossa.cka.apikey.ApiKeyApi.AuthenticateRequest;
import io.mossa.cka.apikey.ApiKeyApi.CreateApiKeyRequest;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The internal API-key API, called by the gateway only (which checks the admin key before it calls): stores keys
 * by the hash of their secret, lists and revokes them, and recognises a presented hash.
 */
@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "api-keys", description = "Internal API: API keys of the public gateway, stored as SHA-256 hashes")
public class ApiKeyController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);

    private final ApiKeyStore store;

    public ApiKeyController(ApiKeyStore store) {
        this.store = store;
    }

    @PostMapping
    @Operation(summary = "Store a new key by the hash of its secret")
    @ApiResponse(responseCode = "201", description = "Created; Location names the key")
    @ApiResponse(responseCode = "400", description = "Blank or too long name, or a hash that is not 64 hex digits")
    @ApiResponse(responseCode = "409", description = "A key with this hash exists")
    public ResponseEntity<ApiKeyView> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyView key = store.create(request.name().strip(), request.secretHash());
        log.info("api key {} '{}' created", key.id(), key.name());
        return ResponseEntity.created(URI.create("/v1/api-keys/" + key.id())).body(key);
    }

    @GetMapping
    @Operation(summary = "List every key, oldest first, revoked ones included (never a secret or hash)")
    public ApiKeyList list() {
        return new ApiKeyList(store.list());
    }

    @PostMapping("/authenticate")
    @Operation(summary = "The active key with this secret hash; records its use")
    @ApiResponse(responseCode = "200", description = "An active key")
    @ApiResponse(responseCode = "404", description = "No key has this hash, or it is revoked")
    public ApiKeyView authenticate(@Valid @RequestBody AuthenticateRequest request) {
        return store.authenticate(request.secretHash())
                .orElseThrow(() -> ApiProblem.notFound("no active API key has this secret hash"));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a key", description = "Idempotent: revoking a revoked key keeps its first revocation time.")
    @ApiResponse(responseCode = "200", description = "Revoked; the key as it is now")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)")
    public ApiKeyView revoke(@PathVariable String id) {
        UUID uuid = parse(id);
        ApiKeyView key = store.revoke(uuid).orElseThrow(() -> unknown(id));
        log.info("api key {} '{}' revoked", key.id(), key.name());
        return key;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no API key with id '" + id + "'");
    }
}
