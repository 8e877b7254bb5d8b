package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

/**
 * Angular shape metric (Williams et al. 2021): arccos(||X~^T Y~||_*) with unit Frobenius norms, in [0, pi/2]; a
 * metric on representations up to orthogonal maps and isotropic scaling. A constant side gives pi/2.
 */
final class AngularShape extends ShapeMeasure {

    @Override
    public MeasureType type() {
        return MeasureType.ANGULAR_SHAPE;
    }

    @Override
    public double compare(Shape x, Shape y) {
        return Math.acos(normalisedNuclearNorm(x, y));
    }
}
