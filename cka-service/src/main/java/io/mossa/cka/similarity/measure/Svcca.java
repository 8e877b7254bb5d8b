package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * SVCCA (Raghu et al. 2017): each side reduced to its leading singular directions that explain {@code variance}
 * of its variance (the smallest such k), then the mean of the min(k_X, k_Y) canonical correlations, unsquared: the
 * singular values of Q_X[:, :k_X]^T Q_Y[:, :k_Y]. A constant side gives 0.
 */
final class Svcca extends BasisMeasure {

    private final double variance;

    Svcca(double variance) {
        this.variance = variance;
    }

    @Override
    public MeasureType type() {
        return MeasureType.SVCCA;
    }

    @Override
    public double compare(Basis x, Basis y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        int kx = x.explaining(variance);
        int ky = y.explaining(variance);
        double[] correlations;
        try (NDArray qx = x.q.get(new NDIndex(":, :{}", kx)); NDArray qy = y.q.get(new NDIndex(":, :{}", ky))) {
            correlations = Dense.singularValues(crossProduct(qx, qy));
        }
        double sum = 0;
        for (double rho : correlations) {
            sum += Math.min(1, rho);
        }
        return clamp(sum / correlations.length, 0, 1);
    }
}
