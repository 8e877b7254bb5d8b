package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Mutual k-nearest-neighbour alignment (Huh et al. 2024, "The Platonic Representation Hypothesis"): mean over inputs
 * of |N_X(i) &amp; N_Y(i)| / k, with the neighbour sets of {@link Neighbours}.
 */
final class MutualKnn implements LayerMeasure<Neighbours> {

    private final int k;

    MutualKnn(int k) {
        this.k = k;
    }

    @Override
    public String method() {
        return "neighbours";
    }

    @Override
    public MeasureType type() {
        return MeasureType.MUTUAL_KNN;
    }

    @Override
    public Neighbours prepare(NDArray layer, boolean constant, NDManager manager) {
        return Neighbours.of(layer, k, constant, manager);
    }

    @Override
    public double compare(Neighbours x, Neighbours y) {
        long sum = 0;
        for (int c : Neighbours.overlaps(x, y)) {
            sum += c;
        }
        return (double) sum / ((double) k * x.n);
    }
}
