package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * k(x, y) = exp(-||x - y||^2 / (2 sigma^2)) with Kornblith et al.'s bandwidth: sigma^2 = threshold^2 times the
 * median of all n x n squared distances, the zero diagonal included (their {@code np.median(sq_distances)}).
 *
 * <p>Squared distances come from |x_i|^2 + |x_j|^2 - 2 x_i.x_j on centred rows; rounding can make them
 * slightly negative, so they are clamped at 0 and the diagonal is set to exactly 0.
 *
 * <p>The threshold is kept within [{@value #MIN_THRESHOLD}, {@value #MAX_THRESHOLD}]: far below, every
 * off-diagonal entry underflows to 0 (K is the identity whatever the data, and 2 t^2 median itself underflows
 * to 0 for t near 1e-154, which makes K NaN); far above, K is all ones to within rounding and centring leaves
 * only rounding noise. Neither is a measurement.
 *
 * @param threshold the multiplier t of the median distance (Kornblith et al. use 0.2 to 1.0)
 */
public record RbfKernel(double threshold) implements Kernel {

    public static final double MIN_THRESHOLD = 0.001;
    public static final double MAX_THRESHOLD = 1000;

    public RbfKernel {
        if (!(threshold >= MIN_THRESHOLD && threshold <= MAX_THRESHOLD)) {
            throw new IllegalArgumentException("rbfThreshold must be between " + MIN_THRESHOLD + " and "
                    + MAX_THRESHOLD + " (outside, the kernel is the identity or all ones to within rounding and CKA "
                    + "is undefined), got " + threshold);
        }
    }

    @Override
    public NDArray matrix(NDArray x) {
        long n = x.getShape().get(0);
        NDArray distances = squaredDistances(x);
        double median = median(distances);
        if (median == 0) {
            boolean allZero;
            try (NDArray max = distances.max()) {
                allZero = max.getDouble() == 0;
            }
            distances.close();
            if (allZero) {
                // every input has the same vector: K is all ones, which centring turns into zeros
                return x.getManager().ones(new ai.djl.ndarray.types.Shape(n, n), x.getDataType());
            }
            throw new IllegalArgumentException("the RBF bandwidth is 0: more than half of all pairs of inputs have "
                    + "identical vectors, so the median squared distance is 0");
        }
        distances.muli(-1.0 / (2 * threshold * threshold * median));
        NDArray k = distances.exp();
        distances.close();
        return k;
    }

    /** ||x_i - x_j||^2 as an n x n matrix, clamped at 0, with an exact zero diagonal. */
    static NDArray squaredDistances(NDArray x) {
        long n = x.getShape().get(0);
        try (NDArray centred = Kernel.centreColumns(x);
                NDArray gram = SymmetricProduct.gram(centred);
                NDArray norms = gram.diagonal();
                NDArray column = norms.reshape(n, 1);
                NDArray row = norms.reshape(1, n)) {
            NDArray d = gram.mul(-2);
            d.addi(column).addi(row);
            NDArray clamped = d.maximum(0);
            d.close();
            for (long i = 0; i < n; i++) {
                clamped.set(new NDIndex(i, i), 0);
            }
            return clamped;
        }
    }

    /** numpy's median: the mean of the two middle values when the count is even. */
    static double median(NDArray values) {
        try (NDArray flat = values.flatten(); NDArray sorted = flat.sort()) {
            long size = sorted.size();
            long mid = size / 2;
            double upper = sorted.getDouble(mid);
            if (size % 2 == 1) {
                return upper;
            }
            return (sorted.getDouble(mid - 1) + upper) / 2;
        }
    }

    @Override
    public String name() {
        return "rbf";
    }
}
