package io.mossa.cka.similarity.stats;

import java.util.SplittableRandom;

/**
 * Seeded row resamples. The same seed gives the same sequence of permutations and bootstrap draws on every
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

    /** The stream of bootstrap draws seeded with {@code seed}: independent of the permutations of the same seed. */
    public static Resampler forBootstrap(long seed) {
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

    /** n indices drawn uniformly with replacement. */
    public long[] bootstrap(int n) {
        long[] draw = new long[n];
        for (int i = 0; i < n; i++) {
            draw[i] = random.nextInt(n);
        }
        return draw;
    }

    /**
     * The flat indices (into a row-major n x n matrix) of M[rows][:, rows]: entry (i, j) of the result is
     * M[rows[i], rows[j]]. Applying it to a Gram matrix gives the Gram matrix of the resampled inputs.
     */
    public static long[] squareIndex(long[] rows) {
        int n = rows.length;
        long[] flat = new long[n * n];
        for (int i = 0; i < n; i++) {
            long base = rows[i] * n;
            for (int j = 0; j < n; j++) {
                flat[i * n + j] = base + rows[j];
            }
        }
        return flat;
    }
}
