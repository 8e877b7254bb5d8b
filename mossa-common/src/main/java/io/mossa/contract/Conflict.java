package io.mossa.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request is valid but clashes with the state of what it names (an experiment that cannot be cancelled in
 * its status, a reused idempotency key): a domain exception, 409 at the edge, with properties that help the
 * client decide what to do next.
 */
public class Conflict extends RuntimeException {

    private final Map<String, Object> properties = new LinkedHashMap<>();

    public Conflict(String detail) {
        super(detail);
    }

    /** Adds a property to the problem answered (the status the experiment is in, the experiment that has the key). */
    public Conflict with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }
}
