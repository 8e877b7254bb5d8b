package io.mossa.cka.webhook;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The experiment events a webhook can subscribe to, by their wire names (the {@code type} of a delivered event). */
public enum WebhookEvent {
    SUCCEEDED("experiment.succeeded"),
    FAILED("experiment.failed"),
    CANCELLED("experiment.cancelled"),
    /** A task of a queued or running experiment finished (one per work unit; not sent with the last one). */
    PROGRESS("experiment.progress");

    private final String wire;

    WebhookEvent(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<WebhookEvent> ofWire(String name) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(name)).findFirst();
    }
}
