package io.mossa.cka.similarity.measure;

import java.util.Arrays;

/** Ranks 1..N with ties (exactly equal values) given the average of the ranks they span, as Spearman's rho needs. */
final class AverageRanks {

    private AverageRanks() {
    }

    static double[] of(double[] values) {
        double[] sorted = values.clone();
        Arrays.parallelSort(sorted);
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int first = firstIndex(sorted, values[i]);
            int last = lastIndex(sorted, values[i]);
            ranks[i] = (first + last) / 2.0 + 1;
        }
        return ranks;
    }

    private static int firstIndex(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], value) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lastIndex(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], value) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
