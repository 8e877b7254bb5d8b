package io.mossa.cka.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.mossa.contract.webhook.WebhookEvent;

/** The request and response bodies of the internal webhook API (called by the gateway only). */
public final class WebhookApi {

    private WebhookApi() {
    }

    @Schema(description = "A new subscription. The gateway sets owner (the API key id; absent for the administrator) "
            + "and checks that the owner may read experimentId.")
    public record CreateWebhookRequest(
            @Schema(example = "5b2f8c1e-3a4d-4e7b-9c1f-2d3e4f5a6b7c") String owner,
            @Schema(example = "https://hooks.example.org/mossa") String url,
            @Schema(example = "[\"experiment.succeeded\", \"experiment.failed\"]") List<String> events,
            @Schema(description = "Only this experiment's events; absent: every experiment of the owner")
            UUID experimentId) {
    }

    @Schema(description = "A subscription as listed: never its secret")
    public record WebhookView(UUID id, String owner, String url, List<WebhookEvent> events, UUID experimentId,
            Instant createdAt) {
    }

    @Schema(description = "A new subscription with its signing secret, shown only now")
    public record CreatedWebhook(UUID id, String owner, String url, List<WebhookEvent> events, UUID experimentId,
            Instant createdAt, @Schema(example = "whsec_ZXhhbXBsZS1vbmx5LXNlY3JldC1vZi0zMi1ieXRlcyE") String secret) {
    }

    public record WebhookList(List<WebhookView> webhooks) {
    }

    @Schema(description = "One attempt of a delivery")
    public record AttemptView(int attempt, Instant startedAt, long durationMs, AttemptOutcome outcome,
            @Schema(description = "The receiver's HTTP status, when it answered") Integer httpStatus,
            @Schema(description = "What went wrong, when something did") String error) {
    }

    @Schema(description = "One event sent to one subscription, with every attempt so far")
    public record DeliveryView(UUID id, UUID eventId, WebhookEvent event, UUID experimentId, DeliveryState state,
            @Schema(description = "When the next attempt is due; null once SUCCEEDED or FAILED") Instant nextAttemptAt,
            Instant createdAt, Instant finishedAt, List<AttemptView> attempts) {
    }

    public record DeliveryList(List<DeliveryView> deliveries) {
    }
}
