package io.mossa.contract.measure;

import io.mossa.contract.WireName;

/**
 * Whether a larger value means more alike (a similarity) or less alike (a distance). Permutation tests, plots and
 * layer roles read it: for a distance the tail of the test is "smaller is more similar".
 */
public enum MeasureKind implements WireName {
    SIMILARITY("similarity"),
    DISTANCE("distance");

    private final String value;

    MeasureKind(String value) {
        this.value = value;
    }

    @Override
    public String wire() {
        return value;
    }
}
