package io.mossa.gateway.results.summary;

/**
 * Quantiles by linear interpolation between order statistics, numpy's default ({@code method="linear"},
 * Hyndman and Fan type 7): for sorted x of length n, h = (n - 1) p and
 * q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
public final class Quantiles {

    private Quantiles() {
    }

    public static double linear(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must lie in [0, 1], was " + p);
        }
        double h = (sorted.length - 1) * p;
        int lower = (int) Math.floor(h);
        if (lower + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]);
    }
}
