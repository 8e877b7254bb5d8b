package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * Orthogonal Procrustes distance (Ding et al. 2021): X~, Y~ scaled to unit Frobenius norm,
 * d = min over orthogonal R of ||X~ R - Y~||_F^2 = 2 - 2 ||X~^T Y~||_*, in [0, 2]. Invariant to orthogonal maps and
 * isotropic scaling of either side, not to general invertible maps. A constant side gives the largest distance, 2.
 */
final class Procrustes extends ShapeMeasure {

    @Override
    public MeasureType type() {
        return MeasureType.PROCRUSTES;
    }

    @Override
    public double compare(Shape x, Shape y) {
        return Math.max(0, Math.min(2, 2 - 2 * normalisedNuclearNorm(x, y)));
    }
}
