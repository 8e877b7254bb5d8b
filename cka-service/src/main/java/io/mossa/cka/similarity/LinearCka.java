package io.mossa.cka.similarity;

/**
 * Linear CKA with the biased HSIC estimator, in float64 (Kornblith et al. 2019).
 *
 * <p>With X~ = HX and Y~ = HY (columns centred, H = I - 11^T/n):
 * <ul>
 * <li>feature form: CKA = ||Y~^T X~||_F^2 / (||X~^T X~||_F ||Y~^T Y~||_F), cost O(n p q);</li>
 * <li>Gram form: with K~ = HKH = X~X~^T and L~ = Y~Y~^T, CKA = tr(K~ L~) / (||K~||_F ||L~||_F), which equals
 * HSIC0(K, L) / sqrt(HSIC0(K, K) HSIC0(L, L)) because the (n-1)^-2 factors cancel; cost O(n^2 (p + q)).</li>
 * </ul>
 * {@link #cka} picks the cheaper form from the shapes (counting what the representations already cache).
 *
 * <p>If either representation is constant (zero after centring) the ratio is 0/0; this implementation
 * defines CKA as 0 there (no shared structure), so that results stay storable and NaN-free. Results are
 * clamped to [0, 1] to remove rounding overshoot of the order of 1e-16.
 */
public final class LinearCka {

    /**
     * The Gram form caches an n x n float64 matrix per representation. A computation over several layers may
     * use it only while all its representations' Grams together stay within this many bytes.
     */
    public static final long GRAM_BUDGET_BYTES = 1L << 30;

    private LinearCka() {
    }

    /** Whether {@code representations} Gram matrices of n x n doubles fit {@link #GRAM_BUDGET_BYTES}. */
    public static boolean gramFits(int n, int representations) {
        return (long) n * n * 8 * representations <= GRAM_BUDGET_BYTES;
    }

    /** CKA of X (n x p) and Y (n x q), given row-major; row i of both must come from the same input. */
    public static double cka(double[] x, double[] y, int n, int p, int q) {
        return cka(Representation.of(x, n, p), Representation.of(y, n, q));
    }

    /** CKA by the cheaper of the two forms (the Gram form only if two n x n Grams fit the budget). */
    public static double cka(Representation x, Representation y) {
        return cka(x, y, gramFits(x.rows(), 2));
    }

    /**
     * CKA by the cheaper of the two forms; {@code gramAllowed = false} forbids computing (and caching) Gram
     * matrices, for callers that keep many representations alive.
     */
    public static double cka(Representation x, Representation y, boolean gramAllowed) {
        checkRows(x, y);
        if (x.isConstant() || y.isConstant()) {
            return 0;
        }
        return useGram(x, y, gramAllowed) ? gramForm(x, y) : featureForm(x, y, gramAllowed);
    }

    /** True when the Gram form costs fewer multiply-adds than the feature form for this pair. */
    static boolean useGram(Representation x, Representation y, boolean gramAllowed) {
        long n = x.rows();
        long p = x.features();
        long q = y.features();
        if (!gramAllowed) {
            return false;
        }
        long feature = n * p * q + (x.hasSelfNorm() ? 0 : n * p * Math.min(n, p)) + (y.hasSelfNorm() ? 0 : n * q * Math.min(n, q));
        long gram = n * n + (x.hasGram() ? 0 : n * n * p) + (y.hasGram() ? 0 : n * n * q);
        return gram < feature;
    }

    /** ||Y~^T X~||_F^2 / (||X~^T X~||_F ||Y~^T Y~||_F). */
    public static double featureForm(Representation x, Representation y) {
        return featureForm(x, y, false);
    }

    private static double featureForm(Representation x, Representation y, boolean gramAllowed) {
        checkRows(x, y);
        if (x.isConstant() || y.isConstant()) {
            return 0;
        }
        int n = x.rows();
        int p = x.features();
        int q = y.features();
        // ||X~^T Y~||_F^2 accumulated tile by tile: no p x q buffer
        double cross = Kernels.multiplyTransposed(x.featureMajor(), p, y.featureMajor(), q, n, null);
        return finish(cross, x.selfNorm(gramAllowed), y.selfNorm(gramAllowed));
    }

    /** tr(K~ L~) / (||K~||_F ||L~||_F) with centred Gram matrices (K~ symmetric, so tr(K~L~) = <K~, L~>_F). */
    public static double gramForm(Representation x, Representation y) {
        checkRows(x, y);
        if (x.isConstant() || y.isConstant()) {
            return 0;
        }
        double[] k = x.gram();
        double[] l = y.gram();
        return finish(Kernels.inner(k, l), Math.sqrt(Kernels.sumOfSquares(k)), Math.sqrt(Kernels.sumOfSquares(l)));
    }

    private static double finish(double cross, double normX, double normY) {
        double denominator = normX * normY;
        if (denominator == 0) {
            return 0;
        }
        double value = cross / denominator;
        return Math.max(0, Math.min(1, value));
    }

    private static void checkRows(Representation x, Representation y) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("X has " + x.rows() + " rows and Y has " + y.rows()
                    + ": rows must be paired inputs");
        }
    }
}
