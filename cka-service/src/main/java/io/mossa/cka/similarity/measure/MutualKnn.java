package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * Mutual k-nearest-neighbour alignment (Huh et al. 2024, "The Platonic Representation Hypothesis"): mean over inputs
 * of |N_X(i) &amp; N_Y(i)| / k, with the neighbour sets of {@link Neighbours}.
 */
final class MutualKnn extends NeighbourMeasure {

    MutualKnn(int k) {
        super(k);
    }

    @Override
    public MeasureType type() {
        return MeasureType.MUTUAL_KNN;
    }

    @Override
    double agreement(int overlap) {
        return (double) overlap / k;
    }
}
