package io.mossa.cka.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/** The request and response bodies of the internal API-key API (called by the gateway only). */
public final class ApiKeyApi {

    public static final int MAX_NAME_CHARS = 100;
    /** A SHA-256 digest as 64 lower-case hex digits. */
    static final String SHA256_HEX = "[0-9a-f]{64}";
    private static final String SHA256_MESSAGE = "must be a SHA-256 digest as 64 lower-case hex digits";

    private ApiKeyApi() {
    }

    @Schema(description = "A new key: its display name and the SHA-256 hash of its secret (the secret itself never "
            + "reaches cka-service)")
    public record CreateApiKeyRequest(
            @Schema(example = "ci-pipeline") @NotBlank @Size(max = MAX_NAME_CHARS) String name,
            @Schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            @NotNull @Pattern(regexp = SHA256_HEX, message = SHA256_MESSAGE) String secretHash) {
    }

    @Schema(description = "The hash of a presented secret")
    public record AuthenticateRequest(
            @Schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            @NotNull @Pattern(regexp = SHA256_HEX, message = SHA256_MESSAGE) String secretHash) {
    }

    @Schema(description = "A key as listed: never its secret or hash")
    public record ApiKeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt, boolean revoked,
            Instant revokedAt) {
    }

    public record ApiKeyList(List<ApiKeyView> apiKeys) {
    }
}
