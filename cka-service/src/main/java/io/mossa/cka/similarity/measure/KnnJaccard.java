package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * Mean over inputs of the Jaccard overlap |N_X(i) &amp; N_Y(i)| / |N_X(i) | N_Y(i)| of the k nearest neighbours by
 * cosine similarity. Invariant to orthogonal maps and scaling of either side (cosine similarity is).
 */
final class KnnJaccard extends NeighbourMeasure {

    KnnJaccard(int k) {
        super(k);
    }

    @Override
    public MeasureType type() {
        return MeasureType.KNN_JACCARD;
    }

    @Override
    double agreement(int overlap) {
        return (double) overlap / (2 * k - overlap);
    }
}
