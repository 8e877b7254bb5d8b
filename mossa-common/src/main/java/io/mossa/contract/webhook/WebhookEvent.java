package io.mossa.contract.webhook;

import io.mossa.contract.WireName;

/**
 * The experiment events a webhook can subscribe to, by their wire names (the {@code type} of a delivered event).
 * Shared by the gateway, which takes subscriptions, and cka-service, which stores and delivers them.
 */
public enum WebhookEvent implements WireName {
    SUCCEEDED("experiment.succeeded"),
    FAILED("experiment.failed"),
    CANCELLED("experiment.cancelled"),
    /** A task of a queued or running experiment finished (one per work unit; not sent with the last one). */
    PROGRESS("experiment.progress");

    private final String wire;

    WebhookEvent(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
