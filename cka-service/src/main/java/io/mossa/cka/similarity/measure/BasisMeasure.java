package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.kernel.Kernel;

/** The measures computed from each layer's thin SVD ({@link Basis}). */
abstract class BasisMeasure implements LayerMeasure<Basis> {

    @Override
    public String method() {
        return "svd";
    }

    @Override
    public Basis prepare(NDArray layer, boolean constant, NDManager manager) {
        if (constant) {
            return Basis.empty();
        }
        return Basis.of(Kernel.centreColumnsInPlace(layer), needsCoordinates(), manager);
    }

    /** Whether the pair computation reads Q^T X~ (PWCCA's weights). */
    boolean needsCoordinates() {
        return false;
    }

    /** A^T B. */
    static Dense.Matrix crossProduct(NDArray a, NDArray b) {
        try (NDArray aT = a.transpose(); NDArray product = aT.matMul(b)) {
            return Dense.Matrix.of(product);
        }
    }

    static double squaredFrobenius(Dense.Matrix m) {
        double sum = 0;
        for (double v : m.data()) {
            sum += v * v;
        }
        return sum;
    }

    static double clamp(double value, double lower, double upper) {
        return Math.max(lower, Math.min(upper, value));
    }
}
