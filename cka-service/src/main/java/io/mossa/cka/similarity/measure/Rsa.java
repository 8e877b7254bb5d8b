package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * RSA (Kriegeskorte et al. 2008): Spearman correlation of the two layers' RDMs (1 - Pearson correlation between
 * inputs), upper triangles, ties ranked by their average. Invariant to what preserves the correlations between inputs
 * (isotropic scaling, a shift or positive scaling of one input's whole vector) and to monotone changes of the
 * dissimilarities; not to orthogonal maps of the features, which move each input's mean over its features.
 */
final class Rsa implements LayerMeasure<Rdm> {

    private final boolean keepValues;

    /** @param keepValues keep the dissimilarities themselves, which subsampling intervals re-rank */
    Rsa(boolean keepValues) {
        this.keepValues = keepValues;
    }

    @Override
    public String method() {
        return "rdm";
    }

    @Override
    public MeasureType type() {
        return MeasureType.RSA;
    }

    @Override
    public Rdm prepare(NDArray layer, boolean constant, NDManager manager) {
        return Rdm.of(layer, keepValues, manager);
    }

    @Override
    public double compare(Rdm x, Rdm y) {
        return Rdm.spearman(x, y);
    }

    @Override
    public Rdm subset(Rdm state, int[] rows) {
        return state.subset(rows);
    }
}
