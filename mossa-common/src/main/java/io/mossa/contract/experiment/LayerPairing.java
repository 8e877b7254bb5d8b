package io.mossa.contract.experiment;

import io.mossa.contract.WireName;

/**
 * Which layer pairs a comparison covers: SAME pairs layer i of X with layer i of Y; ALL gives every (layerX,
 * layerY) pair, row-major (values[i * layersY + j]).
 */
public enum LayerPairing implements WireName {
    SAME("same"),
    ALL("all");

    private final String wire;

    LayerPairing(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
