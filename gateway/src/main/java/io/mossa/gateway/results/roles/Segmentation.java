package io.mossa.gateway.results.roles;

import java.util.Arrays;

/**
 * Exhaustive least-squares segmentation of curves over the same layers into consecutive segments with one
 * constant level each (a step function per curve, the steps shared by all curves). The cost of a segmentation
 * is the sum over curves and segments of squared deviations from the segment's mean; every placement of the
 * change points is tried (L - 1 for one change point, (L - 1)(L - 2) / 2 for two), each segment holding at least
 * one layer. Segment costs come from prefix sums of the centred values, so a placement costs O(curves).
 * Ties (costs within 1e-12 of the total sum of squares) go to the earliest change points, so the answer does
 * not depend on rounding.
 */
public final class Segmentation {

    private final int length;
    private final double[][] sums;
    private final double[][] squares;
    private final double total;

    /** @param curves one array per curve, all of the same length, index = position in the layer order */
    public Segmentation(double[][] curves) {
        if (curves.length == 0) {
            throw new IllegalArgumentException("no curves");
        }
        length = curves[0].length;
        sums = new double[curves.length][length + 1];
        squares = new double[curves.length][length + 1];
        double sse = 0;
        for (int c = 0; c < curves.length; c++) {
            if (curves[c].length != length) {
                throw new IllegalArgumentException("curve " + c + " has " + curves[c].length + " values, not " + length);
            }
            // centring first keeps the prefix-sum differences free of cancellation
            double mean = Arrays.stream(curves[c]).average().orElse(0);
            for (int i = 0; i < length; i++) {
                double v = curves[c][i] - mean;
                sums[c][i + 1] = sums[c][i] + v;
                squares[c][i + 1] = squares[c][i] + v * v;
                sse += v * v;
            }
        }
        total = sse;
    }

    /** Layers (positions) per curve. */
    public int length() {
        return length;
    }

    /** The cost of a single segment over all layers: the total sum of squares around each curve's mean. */
    public double total() {
        return total;
    }

    /** Sum over curves of squared deviations from the mean of positions [from, to). */
    public double cost(int from, int to) {
        double sse = 0;
        int n = to - from;
        for (int c = 0; c < sums.length; c++) {
            double s = sums[c][to] - sums[c][from];
            sse += squares[c][to] - squares[c][from] - s * s / n;
        }
        return Math.max(0, sse);
    }

    /**
     * The best placement of {@code changes} (0, 1 or 2) change points: a segment starts at each returned
     * position (after position 0, which always starts one).
     */
    public Fit best(int changes) {
        if (changes < 0 || changes > 2) {
            throw new IllegalArgumentException("0, 1 or 2 change points, not " + changes);
        }
        if (length < changes + 1) {
            throw new IllegalArgumentException(length + " layers cannot hold " + (changes + 1) + " segments");
        }
        double tie = 1e-12 * total;
        if (changes == 0) {
            return new Fit(new int[0], cost(0, length));
        }
        if (changes == 1) {
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int i = 1; i < length; i++) {
                double c = cost(0, i) + cost(i, length);
                if (c < bestCost - tie) {
                    best = i;
                    bestCost = c;
                }
            }
            return new Fit(new int[] {best}, bestCost);
        }
        int bestI = -1;
        int bestJ = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 1; i < length - 1; i++) {
            double head = cost(0, i);
            for (int j = i + 1; j < length; j++) {
                double c = head + cost(i, j) + cost(j, length);
                if (c < bestCost - tie) {
                    bestI = i;
                    bestJ = j;
                    bestCost = c;
                }
            }
        }
        return new Fit(new int[] {bestI, bestJ}, bestCost);
    }

    /** Change points (positions where a segment starts, ascending) and the cost of that segmentation. */
    public record Fit(int[] changes, double cost) {

        /** Segment k as [start, end) positions, for k in 0..changes.length. */
        public int start(int k) {
            return k == 0 ? 0 : changes[k - 1];
        }

        public int end(int k, int length) {
            return k == changes.length ? length : changes[k];
        }
    }
}
