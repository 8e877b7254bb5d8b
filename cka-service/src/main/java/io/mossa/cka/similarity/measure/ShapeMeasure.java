package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.kernel.Kernel;

/**
 * The shape distances (Procrustes, angular shape), from ||X~^T Y~||_* with X~ and Y~ scaled to unit Frobenius norm;
 * 0 when either side is constant.
 */
abstract class ShapeMeasure implements LayerMeasure<Shape> {

    @Override
    public String method() {
        return "svd";
    }

    @Override
    public Shape prepare(NDArray layer, boolean constant, NDManager manager) {
        return Shape.of(constant ? layer : Kernel.centreColumnsInPlace(layer), constant, manager);
    }

    static double normalisedNuclearNorm(Shape x, Shape y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        double sum = 0;
        for (double s : Dense.singularValues(BasisMeasure.crossProduct(x.a, y.a))) {
            sum += s;
        }
        return Math.min(1, sum / Math.sqrt(x.squaredNorm * y.squaredNorm));
    }
}
