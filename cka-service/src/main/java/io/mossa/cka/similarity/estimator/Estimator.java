package io.mossa.cka.similarity.estimator;

import io.mossa.contract.measure.EstimatorType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The HSIC estimator behind CKA. Each turns a kernel matrix K into a matrix C(K) with
 * HSIC(K, L) = &lt;C(K), C(L)&gt;_F / {@link #normaliser(long)}, so that
 * CKA = &lt;C(K), C(L)&gt; / (||C(K)|| ||C(L)||) is a cosine between flattened matrices. That form lets a whole
 * layer x layer matrix come out of one GEMM over the stacked, normalised C(K) of every layer.
 */
public enum Estimator {

    /** HSIC0 = tr(KHLH) / (n-1)^2 (Gretton et al. 2005): C(K) = HKH. */
    BIASED(EstimatorType.BIASED) {
        @Override
        public NDArray centre(NDArray k) {
            try (NDArray columnMeans = k.mean(new int[] {0}, true);
                    NDArray rowMeans = k.mean(new int[] {1}, true);
                    NDArray mean = k.mean()) {
                NDArray centred = k.sub(columnMeans);
                centred.subi(rowMeans).addi(mean);
                return centred;
            }
        }

        @Override
        public double normaliser(long n) {
            return (n - 1.0) * (n - 1.0);
        }
    },

    /**
     * HSIC1, the unbiased estimator of Song et al. (2012). C(K) is the U-centred K (Szekely and Rizzo 2014):
     * with K~ = K with its diagonal zeroed, r its row sums and s their total,
     * C_ij = K~_ij - (r_i + r_j)/(n-2) + s/((n-1)(n-2)) off the diagonal and 0 on it. Expanding
     * &lt;C(K), L~&gt; gives Song et al.'s numerator term by term, and C(K) is orthogonal to the row, column
     * and constant terms of C(L), hence HSIC1 = &lt;C(K), C(L)&gt; / (n(n-3)).
     */
    DEBIASED(EstimatorType.DEBIASED) {
        @Override
        public NDArray centre(NDArray k) {
            long n = k.getShape().get(0);
            NDArray u = k.duplicate();
            zeroDiagonal(u);
            try (NDArray rowSums = u.sum(new int[] {1}, true);
                    NDArray total = rowSums.sum();
                    NDArray column = rowSums.div(n - 2.0);
                    NDArray row = column.reshape(1, n)) {
                u.subi(column).subi(row).addi(total.getDouble() / ((n - 1.0) * (n - 2.0)));
            }
            zeroDiagonal(u);
            return u;
        }

        @Override
        public double normaliser(long n) {
            return n * (n - 3.0);
        }
    };

    private final EstimatorType type;

    Estimator(EstimatorType type) {
        this.type = type;
    }

    /** C(K) as a new n x n matrix; K is left unchanged. */
    public abstract NDArray centre(NDArray k);

    /** The divisor that turns &lt;C(K), C(L)&gt; into HSIC for n inputs. */
    public abstract double normaliser(long n);

    /** The fewest inputs the estimator is defined for. */
    public int minRows() {
        return type.minRows();
    }

    public String value() {
        return type.wire();
    }

    /** The implementation of the contract's estimator. */
    public static Estimator of(EstimatorType type) {
        return switch (type) {
            case BIASED -> BIASED;
            case DEBIASED -> DEBIASED;
        };
    }

    private static void zeroDiagonal(NDArray square) {
        long n = square.getShape().get(0);
        for (long i = 0; i < n; i++) {
            square.set(new NDIndex(i, i), 0);
        }
    }
}
