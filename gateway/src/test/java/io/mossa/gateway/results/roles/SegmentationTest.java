package io.mossa.gateway.results.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SegmentationTest {

    /** Sum over curves and segments of squared deviations from the segment mean, by direct two-pass loops. */
    static double naiveCost(double[][] curves, int... starts) {
        int length = curves[0].length;
        double sse = 0;
        for (double[] curve : curves) {
            for (int k = 0; k < starts.length; k++) {
                int from = starts[k];
                int to = k + 1 < starts.length ? starts[k + 1] : length;
                double mean = 0;
                for (int i = from; i < to; i++) {
                    mean += curve[i];
                }
                mean /= to - from;
                for (int i = from; i < to; i++) {
                    sse += (curve[i] - mean) * (curve[i] - mean);
                }
            }
        }
        return sse;
    }

    @Test
    void theExhaustiveSearchFindsTheMinimumOverEveryPairComputedNaively() {
        Random random = new Random(20261129);
        for (int trial = 0; trial < 300; trial++) {
            int length = 3 + random.nextInt(14);
            double[][] curves = new double[1 + random.nextInt(3)][length];
            for (double[] curve : curves) {
                double level = random.nextDouble();
                for (int i = 0; i < length; i++) {
                    // occasional level shifts so that the minimum is not always a noise artefact
                    level += random.nextInt(4) == 0 ? random.nextGaussian() : 0;
                    curve[i] = level + 0.1 * random.nextGaussian();
                }
            }
            double bestTwo = Double.POSITIVE_INFINITY;
            for (int i = 1; i < length; i++) {
                for (int j = i + 1; j < length; j++) {
                    bestTwo = Math.min(bestTwo, naiveCost(curves, 0, i, j));
                }
            }
            double bestOne = Double.POSITIVE_INFINITY;
            for (int i = 1; i < length; i++) {
                bestOne = Math.min(bestOne, naiveCost(curves, 0, i));
            }
            Segmentation segmentation = new Segmentation(curves);
            Segmentation.Fit two = segmentation.best(2);
            Segmentation.Fit one = segmentation.best(1);
            assertThat(two.cost()).as("trial %d", trial).isCloseTo(bestTwo, within(1e-9));
            assertThat(naiveCost(curves, 0, two.changes()[0], two.changes()[1])).isCloseTo(bestTwo, within(1e-9));
            assertThat(one.cost()).isCloseTo(bestOne, within(1e-9));
            assertThat(naiveCost(curves, 0, one.changes()[0])).isCloseTo(bestOne, within(1e-9));
            assertThat(segmentation.total()).isCloseTo(naiveCost(curves, 0), within(1e-9));
            assertThat(segmentation.best(0).cost()).isCloseTo(naiveCost(curves, 0), within(1e-9));
        }
    }

    @Test
    void tiesGoToTheEarliestChangePoints() {
        // a clean step: every second cut inside a flat part costs 0 too; the earliest pair (1, 3) wins
        Segmentation step = new Segmentation(new double[][] {{0, 0, 0, 1, 1, 1}});
        assertThat(step.best(1).changes()).containsExactly(3);
        assertThat(step.best(1).cost()).isZero();
        assertThat(step.best(2).changes()).containsExactly(1, 3);
        // symmetric: cutting after 1 or before the last layer explains the same
        Segmentation symmetric = new Segmentation(new double[][] {{1, 0, 0, 0, 1}});
        assertThat(symmetric.best(1).changes()).containsExactly(1);
        assertThat(symmetric.best(2).changes()).containsExactly(1, 4);
        // flat: every placement costs 0, the first one is taken
        Segmentation flat = new Segmentation(new double[][] {{0.7, 0.7, 0.7, 0.7}});
        assertThat(flat.best(2).changes()).containsExactly(1, 2);
        assertThat(flat.total()).isZero();
    }

    @Test
    void refusesImpossibleRequests() {
        assertThatThrownBy(() -> new Segmentation(new double[][] {{1, 2}}).best(2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segmentation(new double[][] {{1, 2, 3}, {1, 2}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
