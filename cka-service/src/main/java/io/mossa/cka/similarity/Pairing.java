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

    public static Pairing of(String value) {
        for (Pairing pairing : values()) {
            if (pairing.value.equals(value)) {
                return pairing;
            }
        }
        throw new IllegalArgumentException("unknown layer pairing '" + value + "': expected 'same' or 'all'");
    }
}
