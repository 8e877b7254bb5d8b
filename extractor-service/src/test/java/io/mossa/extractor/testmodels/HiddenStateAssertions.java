package io.mossa.extractor.testmodels;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closeness of hidden states, per token: every value within {@code relative} x the largest magnitude of
 * that token's expected vector. Per-vector scaling keeps a near-zero entry from demanding an
 * impossible relative precision while still catching any error that matters at the vector's scale.
 */
public final class HiddenStateAssertions {

    private HiddenStateAssertions() {
    }

    /** @param actual tokens x dim, row-major */
    public static double maxRelativeError(float[] actual, double[][] expected) {
        int dim = expected[0].length;
        assertThat(actual).hasSize(expected.length * dim);
        double worst = 0;
        for (int t = 0; t < expected.length; t++) {
            double scale = 0;
            for (double v : expected[t]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < dim; k++) {
                worst = Math.max(worst, Math.abs(actual[t * dim + k] - expected[t][k]) / scale);
            }
        }
        return worst;
    }

    public static double maxRelativeError(float[] actual, float[] expected, int dim) {
        assertThat(actual).hasSameSizeAs(expected);
        double[][] rows = new double[expected.length / dim][dim];
        for (int i = 0; i < expected.length; i++) {
            rows[i / dim][i % dim] = expected[i];
        }
        return maxRelativeError(actual, rows);
    }
}
