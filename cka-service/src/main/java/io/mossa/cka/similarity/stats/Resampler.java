package io.mossa.cka.similarity.stats;

import java.util.SplittableRandom;

/**
 * Seeded row resamples. The same seed gives the same sequence of permutations and subsamples on every
 * machine (SplittableRandom's algorithm is specified), so p-values and intervals are reproducible.
 */
public final class Resampler {

    private final SplittableRandom random;

    private Resampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The stream of permutations of a permutation test seeded with {@code seed}. */
    public static Resampler forPermutations(long seed) {
        return new Resampler(seed);
    }

    /** The stream of interval subsamples seeded with {@code seed}: independent of the permutations of that seed. */
    public static Resampler forIntervals(long seed) {
        return new Resampler(seed ^ 0x9E3779B97F4A7C15L);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public long[] permutation(int n) {
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** m distinct indices out of 0..n-1, drawn uniformly without replacement, in draw order. */
    public long[] subsample(int n, int m) {
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, m);
    }

    /**
     * The flat indices (into a row-major n x n matrix) of M[rows][:, rows]: entry (i, j) of the result is
     * M[rows[i], rows[j]]. Applying it to a kernel matrix gives the kernel matrix of the chosen inputs.
     */
    public static long[] squareIndex(long[] rows, int n) {
        int m = rows.length;
        long[] flat = new long[m * m];
        for (int i = 0; i < m; i++) {
            long base = rows[i] * n;
            for (int j = 0; j < m; j++) {
                flat[i * m + j] = base + rows[j];
            }
        }
        return flat;
    }
}
