package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * One layer's representational dissimilarity matrix for RSA: the upper triangle (i &lt; j, row-major) of
 * 1 - Pearson correlation between inputs (each input's vector centred and scaled over its features), and its
 * average ranks centred and scaled to unit norm, so that the Spearman correlation of two layers is a dot product.
 * An input whose vector is constant over its features has no defined correlation: its correlation with every other
 * input is taken as 0 (dissimilarity 1). A layer whose dissimilarities are all equal is constant (Spearman
 * correlation 0 with anything).
 */
final class Rdm implements LayerState<Rdm> {

    /** Values of one strip of the n x n correlation matrix (32 MiB of float64). */
    private static final long STRIP_VALUES = 1L << 22;

    final int n;
    /** The dissimilarities, kept only when intervals need to re-rank subsets; otherwise null. */
    final double[] values;
    /** Centred average ranks with unit norm (all zeros for a constant layer). */
    final double[] unitRanks;
    private final boolean constant;

    private Rdm(int n, double[] values, double[] unitRanks, boolean constant) {
        this.n = n;
        this.values = values;
        this.unitRanks = unitRanks;
        this.constant = constant;
    }

    /** Number of entries of the upper triangle. */
    static long entries(long n) {
        return n * (n - 1) / 2;
    }

    /** Position of (i, j), i &lt; j, in the row-major upper triangle. */
    static int index(int n, int i, int j) {
        return (int) ((long) i * n - (long) i * (i + 1) / 2 + (j - i - 1));
    }

    static Rdm of(NDArray layer, boolean keepValues, NDManager manager) {
        int n = (int) layer.getShape().get(0);
        double[] dissimilarity = new double[(int) entries(n)];
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = layer.sub(layer.mean(new int[] {1}, true));
            double[] norms = z.square().sum(new int[] {1}).sqrt().toDoubleArray();
            double[] inverse = new double[n];
            for (int i = 0; i < n; i++) {
                inverse[i] = norms[i] == 0 ? 0 : 1 / norms[i];
            }
            z = z.mul(scope.create(inverse).reshape(n, 1));
            z.attach(scope);
            NDArray zT = z.transpose();
            int strip = (int) Math.max(1, Math.min(n, STRIP_VALUES / n));
            for (int i0 = 0; i0 < n; i0 += strip) {
                int i1 = Math.min(n, i0 + strip);
                double[] correlation;
                try (NDArray rows = z.get(new NDIndex("{}:{}", i0, i1)); NDArray product = rows.matMul(zT)) {
                    correlation = product.toDoubleArray();
                }
                for (int i = i0; i < i1; i++) {
                    int base = (i - i0) * n;
                    int at = index(n, i, i + 1);
                    for (int j = i + 1; j < n; j++) {
                        dissimilarity[at++] = 1 - correlation[base + j];
                    }
                }
            }
        }
        return fromValues(n, dissimilarity, keepValues);
    }

    private static Rdm fromValues(int n, double[] dissimilarity, boolean keepValues) {
        double[] ranks = AverageRanks.of(dissimilarity);
        double mean = (ranks.length + 1) / 2.0;
        double squared = 0;
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] -= mean;
            squared += ranks[i] * ranks[i];
        }
        // ties make every centred rank exactly 0 only when all dissimilarities are equal
        boolean constant = squared == 0;
        if (!constant) {
            double scale = 1 / Math.sqrt(squared);
            for (int i = 0; i < ranks.length; i++) {
                ranks[i] *= scale;
            }
        }
        return new Rdm(n, keepValues ? dissimilarity : null, ranks, constant);
    }

    /** Spearman correlation of two layers' dissimilarities. */
    static double spearman(Rdm x, Rdm y) {
        if (x.constant || y.constant) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < x.unitRanks.length; i++) {
            sum += x.unitRanks[i] * y.unitRanks[i];
        }
        return Math.max(-1, Math.min(1, sum));
    }

    @Override
    public boolean constant() {
        return constant;
    }

    /** Relabelling the inputs permutes the rows and columns of the RDM alike: the ranks are gathered, not redone. */
    @Override
    public Rdm permuted(int[] order, NDManager manager) {
        double[] ranks = new double[unitRanks.length];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = order[i];
                int b = order[j];
                ranks[at++] = unitRanks[a < b ? index(n, a, b) : index(n, b, a)];
            }
        }
        return new Rdm(n, null, ranks, constant);
    }

    /** The RDM of the inputs {@code rows} alone (ranked again): what the measure is on that subset. */
    Rdm subset(int[] rows) {
        int m = rows.length;
        double[] part = new double[(int) entries(m)];
        int at = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                int a = rows[i];
                int b = rows[j];
                part[at++] = values[a < b ? index(n, a, b) : index(n, b, a)];
            }
        }
        return fromValues(m, part, false);
    }

    @Override
    public void close() {
        // plain Java arrays
    }
}
