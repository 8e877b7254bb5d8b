package io.mossa.cka.similarity.stats;

/**
 * Subsampling intervals (the m-out-of-n bootstrap without replacement; Politis, Romano and Wolf 1999): with c the
 * quantiles of (value on m inputs - value on all n), the interval is
 * [value - sqrt(m/n) c_(1-a/2), value - sqrt(m/n) c_(a/2)], clipped to the measure's range.
 */
public final class Subsampling {

    private Subsampling() {
    }

    /** Half the inputs, and at least {@code minimum}. */
    public static int size(int n, int minimum) {
        return Math.max(minimum, n / 2);
    }

    /** {lower, upper} at level {@code confidence} from the deviations of the resampled values. */
    public static double[] interval(double observed, double[] deviations, int m, int n, double confidence,
            double lowest, double highest) {
        double alpha = (1 - confidence) / 2;
        double scale = Math.sqrt((double) m / n);
        return new double[] {
            Math.max(lowest, observed - scale * Percentile.of(deviations, 1 - alpha)),
            Math.min(highest, observed - scale * Percentile.of(deviations, alpha))
        };
    }

    /** p = (1 + #{permuted at least as extreme}) / (1 + permutations): never 0, exact under the null. */
    public static double pValue(int atLeastAsExtreme, int permutations) {
        return (1.0 + atLeastAsExtreme) / (1.0 + permutations);
    }
}
