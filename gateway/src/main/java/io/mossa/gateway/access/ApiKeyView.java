package io.mossa.gateway.access;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** An API key as listed: never its secret. */
@Schema(description = "An API key (its secret is shown only once, when it is created)")
public record ApiKeyView(
        @Schema(example = "5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c") UUID id,
        @Schema(example = "ci-pipeline") String name,
        Instant createdAt,
        @Schema(description = "When a request last used the key; accurate to the gateway's key cache TTL (30 s by "
                + "default); null if never used") Instant lastUsedAt,
        boolean revoked,
        @Schema(description = "null while the key is active") Instant revokedAt) {
}
