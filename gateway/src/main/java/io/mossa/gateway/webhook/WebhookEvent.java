package io.mossa.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

/** The experiment events a webhook can subscribe to, by their wire names (the {@code type} of a delivered event). */
public enum WebhookEvent {
    SUCCEEDED("experiment.succeeded"),
    FAILED("experiment.failed"),
    CANCELLED("experiment.cancelled"),
    PROGRESS("experiment.progress");

    private final String wire;

    WebhookEvent(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
