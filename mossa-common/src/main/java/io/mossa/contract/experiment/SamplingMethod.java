package io.mossa.contract.experiment;

import io.mossa.contract.WireName;

/** How n examples are chosen from a task: the first n, or a seeded uniform sample kept in the task's order. */
public enum SamplingMethod implements WireName {
    FIRST("first"),
    RANDOM("random");

    private final String wire;

    SamplingMethod(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
