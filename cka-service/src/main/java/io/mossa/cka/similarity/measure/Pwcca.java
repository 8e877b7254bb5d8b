package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import ai.djl.ndarray.NDArray;

/**
 * PWCCA (Morcos et al. 2018): the canonical correlations rho_i (i &lt;= min(rank X~, rank Y~)) weighted by
 * alpha_i proportional to sum_j |&lt;h_i, x~_j&gt;|, h_i = Q_X a_i the unit-norm canonical variates of X (a_i the
 * left singular vectors of Q_X^T Q_Y) and x~_j the centred columns of X; the alpha sum to 1. With R = Q_X^T X~,
 * &lt;h_i, x~_j&gt; = (a_i^T R)_j, so the weights cost a rank x p product. Asymmetric: the weights come from X.
 */
final class Pwcca extends BasisMeasure {

    @Override
    public MeasureType type() {
        return MeasureType.PWCCA;
    }

    @Override
    boolean needsCoordinates() {
        return true;
    }

    @Override
    public double compare(Basis x, Basis y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        Dense.LeftSvd svd = Dense.leftSvd(crossProduct(x.q, y.q));
        int count = svd.values().length;
        double[] weights;
        try (NDArray left = svd.left().toNd(x.q.getManager()); NDArray leftT = left.transpose();
                NDArray projections = leftT.matMul(x.coordinates); NDArray magnitude = projections.abs();
                NDArray sums = magnitude.sum(new int[] {1})) {
            weights = sums.toDoubleArray();
        }
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < count; i++) {
            total += weights[i];
            weighted += weights[i] * Math.min(1, svd.values()[i]);
        }
        return total == 0 ? 0 : clamp(weighted / total, 0, 1);
    }
}
