package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * Mean squared canonical correlation, ||Q_Y^T Q_X||_F^2 / min(rank X~, rank Y~): the squared canonical correlations
 * are the squared singular values of Q_X^T Q_Y, so their sum is its squared Frobenius norm and no decomposition is
 * needed per pair. Invariant to invertible linear maps of either side. A constant side gives 0.
 */
final class Cca extends BasisMeasure {

    @Override
    public MeasureType type() {
        return MeasureType.CCA;
    }

    @Override
    public double compare(Basis x, Basis y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        double sum = squaredFrobenius(crossProduct(x.q, y.q));
        return clamp(sum / Math.min(x.rank, y.rank), 0, 1);
    }
}
