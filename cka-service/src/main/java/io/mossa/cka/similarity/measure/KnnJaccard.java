package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Mean over inputs of the Jaccard overlap |N_X(i) &amp; N_Y(i)| / |N_X(i) | N_Y(i)| of the k nearest neighbours by
 * cosine similarity. Invariant to orthogonal maps and scaling of either side (cosine similarity is).
 */
final class KnnJaccard implements LayerMeasure<Neighbours> {

    private final int k;

    KnnJaccard(int k) {
        this.k = k;
    }

    @Override
    public String method() {
        return "neighbours";
    }

    @Override
    public MeasureType type() {
        return MeasureType.KNN_JACCARD;
    }

    @Override
    public Neighbours prepare(NDArray layer, boolean constant, NDManager manager) {
        return Neighbours.of(layer, k, constant, manager);
    }

    @Override
    public double compare(Neighbours x, Neighbours y) {
        double sum = 0;
        for (int c : Neighbours.overlaps(x, y)) {
            sum += (double) c / (2 * k - c);
        }
        return sum / x.n;
    }
}
