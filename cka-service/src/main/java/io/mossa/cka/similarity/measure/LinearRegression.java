package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * R^2 of the least-squares prediction of Y~ from X~: ||Q_X^T Y~||_F^2 / ||Y~||_F^2, with Y~ taken on its numerical
 * column space (Y~ V_Y = U_Y S_Y, which has the same Frobenius norms against any orthonormal Q_X). Asymmetric;
 * invariant to invertible linear maps of X and to orthogonal maps and isotropic scaling of Y. A constant side gives 0.
 */
final class LinearRegression extends BasisMeasure {

    @Override
    public MeasureType type() {
        return MeasureType.LINEAR_REGRESSION;
    }

    @Override
    public double compare(Basis x, Basis y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        return clamp(squaredFrobenius(crossProduct(x.q, y.scores)) / y.squaredNorm(), 0, 1);
    }
}
