package io.mossa.contract.webhook;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A webhook created with an experiment (from its definition's {@code webhooks}), with its signing secret. */
@Schema(description = "A webhook created with this experiment; its secret is shown only in the creation answer")
public record ExperimentWebhook(
        @Schema(description = "The subscription: GET /api/v1/webhooks/{id} and its deliveries") UUID id,
        String url,
        List<WebhookEvent> events,
        @Schema(description = "HMAC-SHA256 key of the X-Mossa-Signature header; store it now",
                example = "whsec_ZXhhbXBsZS1vbmx5LXNlY3JldC1vZi0zMi1ieXRlcyE")
        String secret) {
}
