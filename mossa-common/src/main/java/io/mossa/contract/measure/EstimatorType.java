package io.mossa.contract.measure;

import io.mossa.contract.WireName;

/** The HSIC estimator behind CKA, and the fewest inputs it is defined for. */
public enum EstimatorType implements WireName {
    /** HSIC0 (Gretton et al. 2005), the paper's. */
    BIASED("biased", 2, "CKA needs two examples"),
    /** HSIC1 (Song et al. 2012): its normaliser n(n-3) needs n >= 4. */
    DEBIASED("debiased", 4, "the debiased estimator needs 4 examples");

    private final String wire;
    private final int minRows;
    private final String whyMinRows;

    EstimatorType(String wire, int minRows, String whyMinRows) {
        this.wire = wire;
        this.minRows = minRows;
        this.whyMinRows = whyMinRows;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The fewest inputs the estimator is defined for. */
    public int minRows() {
        return minRows;
    }

    /** Why: the reason quoted when a task is too small. */
    public String whyMinRows() {
        return whyMinRows;
    }
}
