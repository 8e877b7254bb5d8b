package io.mossa.cka.similarity;

/**
 * Which layer pairs a comparison covers: {@code SAME} pairs layer i of X with layer i of Y (values[i]);
 * {@code ALL} gives every (layerX, layerY) pair, row-major (values[i * layersY + j]).
 */
public enum Pairing {
    SAME("same"),
    ALL("all");

    private final String value;

    Pairing(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * Refuses sides that cannot be paired this way: rows are inputs and must match, and {@code SAME} needs as many
     * layers on both sides.
     */
    public void requirePairable(LayerStack x, LayerStack y) {
        if (x.rows() != y.rows()) {
            throw new SimilarityException("y", "x has " + x.rows() + " rows (inputs) and y has " + y.rows()
                    + ": row i of both must come from the same input");
        }
        if (this == SAME && x.layers() != y.layers()) {
            throw new SimilarityException("y", "pairing 'same' needs as many layers in y as in x: x has " + x.layers()
                    + ", y has " + y.layers());
        }
    }

    public static Pairing of(String value) {
        for (Pairing pairing : values()) {
            if (pairing.value.equals(value)) {
                return pairing;
            }
        }
        throw new IllegalArgumentException("unknown layer pairing '" + value + "': expected 'same' or 'all'");
    }
}
