package io.mossa.gateway.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import io.mossa.contract.webhook.WebhookEvent;

/** The bodies of the public webhook API. */
public final class Webhooks {

    private Webhooks() {
    }

    /** How a delivery stands. */
    public enum DeliveryState {
        /** Not yet delivered; the next attempt is due at nextAttemptAt. */
        PENDING,
        /** The receiver answered 2xx. */
        SUCCEEDED,
        /** Every allowed attempt failed; no more attempts are made. */
        FAILED
    }

    /** How one attempt ended; every outcome but DELIVERED is retried while attempts remain. */
    public enum AttemptOutcome {
        DELIVERED, HTTP_ERROR, TIMEOUT, CONNECTION_FAILED, ADDRESS_DENIED, UNRESOLVED_HOST
    }

    @Schema(description = "A new webhook subscription")
    public record CreateWebhookRequest(
            @Schema(description = "Where events are POSTed: an absolute http or https URL whose host the operator "
                    + "allows (loopback, link-local and private addresses are refused unless configured)",
                    example = "https://hooks.example.org/mossa", requiredMode = Schema.RequiredMode.REQUIRED) String url,
            @Schema(description = "The events to receive, at least one", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "[\"experiment.succeeded\", \"experiment.failed\", \"experiment.cancelled\"]")
            List<WebhookEvent> events,
            @Schema(description = "Only this experiment's events (one the caller may read); absent: every experiment "
                    + "submitted with the caller's key (every experiment for the administrator)")
            UUID experimentId) {
    }

    @Schema(description = "A webhook subscription (its secret is shown only once, when it is created)")
    public record WebhookView(
            @Schema(example = "0e5c4a8e-9f1b-4c7d-8a2e-3b4c5d6e7f80") UUID id,
            @Schema(description = "The API key id that owns it; null for the administrator") String owner,
            @Schema(example = "https://hooks.example.org/mossa") String url,
            List<WebhookEvent> events,
            @Schema(description = "The one experiment it follows; null: every experiment of its owner") UUID experimentId,
            Instant createdAt) {
    }

    @Schema(description = "A new subscription with its signing secret: verify every delivery's X-Mossa-Signature "
            + "with it (docs/webhooks.md). It is shown only now.")
    public record CreatedWebhook(UUID id, String owner, String url, List<WebhookEvent> events, UUID experimentId,
            Instant createdAt,
            @Schema(example = "whsec_ZXhhbXBsZS1vbmx5LXNlY3JldC1vZi0zMi1ieXRlcyE") String secret) {
    }

    public record WebhookList(List<WebhookView> webhooks) {
    }

    @Schema(description = "One attempt of a delivery")
    public record AttemptView(
            @Schema(description = "1 for the first attempt") int attempt,
            Instant startedAt,
            long durationMs,
            AttemptOutcome outcome,
            @Schema(description = "The receiver's HTTP status, when it answered") Integer httpStatus,
            @Schema(description = "What went wrong, when something did") String error) {
    }

    @Schema(description = "One event sent to one subscription, with every attempt so far")
    public record DeliveryView(
            UUID id,
            @Schema(description = "The event's id, also its \"id\" and X-Mossa-Event-Id: the same in every attempt, "
                    + "so receivers can drop repeats") UUID eventId,
            WebhookEvent event,
            UUID experimentId,
            DeliveryState state,
            @Schema(description = "When the next attempt is due; null once SUCCEEDED or FAILED") Instant nextAttemptAt,
            Instant createdAt,
            @Schema(description = "When it succeeded or was given up") Instant finishedAt,
            List<AttemptView> attempts) {
    }

    public record DeliveryList(List<DeliveryView> deliveries) {
    }
}
