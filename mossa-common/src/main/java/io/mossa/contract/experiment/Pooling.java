package io.mossa.contract.experiment;

import io.mossa.contract.WireName;

/** How a prompt's token states become one vector: the last token's state, or the mean over the tokens. */
public enum Pooling implements WireName {
    LAST("last"),
    MEAN("mean");

    private final String wire;

    Pooling(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
