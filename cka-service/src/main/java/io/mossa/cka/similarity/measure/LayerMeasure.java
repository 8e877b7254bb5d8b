package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One measure: the per-layer work ({@link #prepare}, done once per layer and reused by every pair the layer takes
 * part in) and the pair computation on two prepared layers.
 *
 * @param <S> the prepared state of one layer
 */
interface LayerMeasure<S extends LayerState<S>> {

    MeasureType type();

    /** How the per-layer work is done, as results report it: svd, rdm or neighbours. */
    String method();

    /**
     * @param layer    one layer, n x p, float64, owned by the caller (may be modified)
     * @param constant whether every input has the same vector
     */
    S prepare(NDArray layer, boolean constant, NDManager manager);

    /** The measure between two prepared layers; X's state first (it matters for the asymmetric measures). */
    double compare(S x, S y);

    /**
     * The state of the inputs {@code rows} alone, as if only they had been given; only for measures whose
     * {@linkplain MeasureType#intervals() type offers intervals}.
     */
    default S subset(S state, int[] rows) {
        throw new UnsupportedOperationException(type().wire() + " offers no subsampling intervals");
    }
}
