package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The measures that compare each input's k nearest neighbours ({@link Neighbours}) in X and in Y. */
abstract class NeighbourMeasure implements LayerMeasure<Neighbours> {

    final int k;

    NeighbourMeasure(int k) {
        this.k = k;
    }

    @Override
    public String method() {
        return "neighbours";
    }

    @Override
    public Neighbours prepare(NDArray layer, boolean constant, NDManager manager) {
        return Neighbours.of(layer, k, constant, manager);
    }

    @Override
    public double compare(Neighbours x, Neighbours y) {
        double sum = 0;
        for (int c : Neighbours.overlaps(x, y)) {
            sum += agreement(c);
        }
        return sum / x.n;
    }

    /** One input's agreement in [0, 1] from the size of the overlap of its two neighbour sets. */
    abstract double agreement(int overlap);
}
