package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Products of a matrix with its own transpose, computed over the upper block triangle only.
 *
 * <p>BLAS libraries offer {@code syrk} for this; PyTorch does not expose it, and a full GEMM does twice the
 * work needed. Splitting the rows into {@code b} strips and multiplying each strip only with the rows from its
 * own start onwards costs {@code (b + 1) / (2b)} of the full product while keeping every GEMM large enough to
 * run at full speed.
 */
public final class SymmetricProduct {

    /** Strips narrower than this make GEMMs that no longer reach full speed. */
    private static final long MIN_STRIP = 256;
    private static final int MAX_STRIPS = 16;

    private SymmetricProduct() {
    }

    /** The Gram matrix {@code X X^T} (n x n) of an n x p matrix. */
    public static NDArray gram(NDArray x) {
        long n = x.getShape().get(0);
        int strips = strips(n);
        if (strips == 1) {
            return x.matMul(x.transpose());
        }
        long width = ceilDiv(n, strips);
        NDArray k = x.getManager().zeros(new ai.djl.ndarray.types.Shape(n, n), x.getDataType());
        for (long r0 = 0; r0 < n; r0 += width) {
            long r1 = Math.min(n, r0 + width);
            try (NDArray rows = x.get(new NDIndex("{}:{}", r0, r1));
                    NDArray rest = x.get(new NDIndex("{}:", r0));
                    NDArray strip = rows.matMul(rest.transpose())) {
                k.set(new NDIndex("{}:{}, {}:", r0, r1, r0), strip);
                if (r1 < n) {
                    try (NDArray off = strip.get(new NDIndex(":, {}:", r1 - r0))) {
                        k.set(new NDIndex("{}:, {}:{}", r1, r0, r1), off.transpose());
                    }
                }
            }
        }
        return k;
    }

    /**
     * {@code ||X^T X||_F^2} of an n x p matrix without a p x p buffer beyond one strip:
     * the sum over column strips of 2 ||strip||^2 - ||diagonal block||^2.
     */
    public static double selfProductSquaredNorm(NDArray x) {
        long p = x.getShape().get(1);
        int strips = strips(p);
        long width = ceilDiv(p, strips);
        double total = 0;
        for (long c0 = 0; c0 < p; c0 += width) {
            long c1 = Math.min(p, c0 + width);
            try (NDArray columns = x.get(new NDIndex(":, {}:{}", c0, c1));
                    NDArray rest = x.get(new NDIndex(":, {}:", c0));
                    NDArray strip = columns.transpose().matMul(rest);
                    NDArray diagonal = strip.get(new NDIndex(":, 0:{}", c1 - c0))) {
                total += 2 * squaredNorm(strip) - squaredNorm(diagonal);
            }
        }
        return total;
    }

    /** {@code sum(a^2)} in float64, without a squared temporary. */
    public static double squaredNorm(NDArray a) {
        try (NDArray norm = a.norm()) {
            double value = norm.getDouble();
            return value * value;
        }
    }

    static int strips(long size) {
        return (int) Math.max(1, Math.min(MAX_STRIPS, size / MIN_STRIP));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
