package io.mossa.cka.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * CKA between the layers of two models. {@code same} pairs layer i of X with layer i of Y; {@code all}
 * gives every (layerX, layerY) pair, row-major (index i * ly + j). Each layer's representation is
 * built once and reused for every pair it takes part in.
 */
public enum LayerPairing {
    SAME("same"),
    ALL("all");

    private final String value;

    LayerPairing(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static LayerPairing of(String value) {
        for (LayerPairing pairing : values()) {
            if (pairing.value.equals(value)) {
                return pairing;
            }
        }
        throw new IllegalArgumentException("unknown layer pairing '" + value + "': expected 'same' or 'all'");
    }

    /**
     * @param x  layer index -> representation of model X (built on demand; in {@code same} mode each is used once)
     * @param ys model Y's representations, one per layer, already built (shared by several comparisons)
     * @return the CKA values: {@code ys.size()} values in {@code same} mode, lx * ly row-major in {@code all}
     */
    public double[] compute(int lx, IntFunction<Representation> x, List<Representation> ys) {
        int ly = ys.size();
        // Grams may be cached on every kept representation: Y's layers, plus X's (all at once in 'all' mode)
        boolean gramAllowed = ly == 0 || LinearCka.gramFits(ys.get(0).rows(), ly + (this == SAME ? 1 : lx));
        if (this == SAME) {
            if (lx != ly) {
                throw new IllegalArgumentException("pairing 'same' needs as many X layers as Y layers");
            }
            double[] values = new double[lx];
            for (int i = 0; i < lx; i++) {
                values[i] = LinearCka.cka(x.apply(i), ys.get(i), gramAllowed);
            }
            return values;
        }
        List<Representation> xs = new ArrayList<>(lx);
        for (int i = 0; i < lx; i++) {
            xs.add(x.apply(i));
        }
        double[] values = new double[lx * ly];
        for (int i = 0; i < lx; i++) {
            for (int j = 0; j < ly; j++) {
                values[i * ly + j] = LinearCka.cka(xs.get(i), ys.get(j), gramAllowed);
            }
        }
        return values;
    }
}
