package io.mossa.contract.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** Which hidden states are compared, paired how, each pooled how. On the wire: layers, layerPairs, pooling. */
public record LayerSelection(
        @JsonProperty("layers")
        @Schema(description = "Hidden-state indices (0 = embedding output)", example = "[0, 1, 2, 3, 4, 5, 6]")
        List<Integer> indices,
        @JsonProperty("layerPairs")
        @Schema(description = "same: layer i of E with layer i of C; all: every layer pair", defaultValue = "same")
        LayerPairing pairing,
        @Schema(description = "How a prompt's token states become one vector", defaultValue = "last")
        Pooling pooling) {

    public static LayerSelection of(List<Integer> indices) {
        return new LayerSelection(indices, null, null);
    }

    /** Reports every index that is no layer (below 0) or names a layer a second time, by its path layers[i]. */
    public static void checkIndices(Violations violations, List<Integer> indices) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < indices.size(); i++) {
            Integer layer = indices.get(i);
            if (layer == null || layer < 0) {
                violations.add("layers[" + i + "]", "must be a layer index >= 0, was " + layer);
            } else if (!seen.add(layer)) {
                violations.add("layers[" + i + "]", "duplicate layer " + layer);
            }
        }
    }

    public LayerSelection withDefaults() {
        return new LayerSelection(indices, pairing == null ? LayerPairing.SAME : pairing,
                pooling == null ? Pooling.LAST : pooling);
    }
}
