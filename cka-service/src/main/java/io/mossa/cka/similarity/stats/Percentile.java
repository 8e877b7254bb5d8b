package io.mossa.cka.similarity.stats;

import java.util.Arrays;

/** Percentiles with numpy's default ("linear") interpolation between order statistics. */
public final class Percentile {

    private Percentile() {
    }

    /** The q-quantile (0 &lt;= q &lt;= 1) of {@code values}; sorts a copy. */
    public static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
