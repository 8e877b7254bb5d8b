package io.mossa.cka.similarity.measure;

/**
 * Whether a larger value means more alike (a similarity) or less alike (a distance). Permutation tests, plots and
 * layer roles read it: for a distance the tail of the test is "smaller is more similar".
 */
public enum MeasureKind {
    SIMILARITY("similarity"),
    DISTANCE("distance");

    private final String value;

    MeasureKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
