package io.mossa.contract.measure;

import io.mossa.contract.WireName;

/** The kernel of CKA, applied to both sides' representations. */
public enum KernelType implements WireName {
    LINEAR("linear"),
    RBF("rbf"),
    POLYNOMIAL("polynomial");

    private final String wire;

    KernelType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
