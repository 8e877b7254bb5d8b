package io.mossa.contract.experiment;

import io.mossa.contract.WireName;

/** Who may read an experiment: anyone, or only the API key that submitted it (and the admin). */
public enum Visibility implements WireName {
    PUBLIC("public"),
    PRIVATE("private");

    private final String wire;

    Visibility(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
