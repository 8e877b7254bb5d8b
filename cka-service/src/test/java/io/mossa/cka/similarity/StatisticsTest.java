package io.mossa.cka.similarity;

import static io.mossa.cka.similarity.Matrices.gaussian;
import static io.mossa.cka.similarity.Matrices.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.LinearKernel;
import io.mossa.cka.similarity.kernel.RbfKernel;
import io.mossa.cka.similarity.stats.Resampler;
import io.mossa.contract.experiment.LayerPairing;

/**
 * The permutation test and the intervals against their definitions: the reference recomputes CKA from scratch on
 * the permuted or subsampled rows (the same seeded draws) with the textbook formulas and counts or sorts itself.
 */
class StatisticsTest {

    private static final SimilarityEngine ENGINE = SimilarityEngineTest.ENGINE;

    private final Random random = new Random(7L);

    @Test
    void permutationPValuesEqualTheDefinition() {
        double[][] x = gaussian(random, 14, 3);
        double[][] y = gaussian(random, 14, 4);
        for (int i = 0; i < 14; i++) {
            y[i][0] += 0.6 * x[i][0];
        }
        for (Estimator estimator : Estimator.values()) {
            boolean debiased = estimator == Estimator.DEBIASED;
            SimilarityResult result = ENGINE.compare(stack("x", x), stack("y", y),
                    new SimilarityOptions(new LinearKernel(), estimator, LayerPairing.ALL, 0, 60, 0, 0.95, 42));
            double observed = ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(y), debiased);
            Resampler permutations = Resampler.forPermutations(42);
            int atLeast = 0;
            for (int b = 0; b < 60; b++) {
                double[][] shuffled = Matrices.rows(y, permutations.permutation(14));
                double value = ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(shuffled), debiased);
                if (value >= observed - 1e-12) {
                    atLeast++;
                }
            }
            assertThat(result.pValues()[0]).as(estimator.value()).isEqualTo((1.0 + atLeast) / 61.0);
        }
    }

    @Test
    void pValuesAreUniformUnderIndependenceAndSmallUnderDependence() {
        int datasets = 40;
        double[] p = new double[datasets];
        for (int d = 0; d < datasets; d++) {
            SimilarityResult result = ENGINE.compare(stack("x", gaussian(random, 20, 5)),
                    stack("y", gaussian(random, 20, 5)),
                    new SimilarityOptions(new LinearKernel(), Estimator.BIASED, LayerPairing.ALL, 0, 99, 0, 0.95, d));
            p[d] = result.pValues()[0];
        }
        double mean = Arrays.stream(p).average().orElseThrow();
        long belowTwenty = Arrays.stream(p).filter(v -> v <= 0.2).count();
        long aboveEighty = Arrays.stream(p).filter(v -> v > 0.8).count();
        // Uniform(0, 1): mean 0.5 (sd of the mean of 40 about 0.046), about 8 of 40 in each fifth
        assertThat(mean).isBetween(0.35, 0.65);
        assertThat(belowTwenty).isBetween(2L, 16L);
        assertThat(aboveEighty).isBetween(2L, 16L);

        double[][] x = gaussian(random, 20, 5);
        double[][] y = ReferenceCka.multiply(x, Matrices.orthogonal(random, 5));
        for (int i = 0; i < 20; i++) {
            y[i][0] += 0.3 * random.nextGaussian();
        }
        SimilarityResult dependent = ENGINE.compare(stack("x", x), stack("y", y),
                new SimilarityOptions(new RbfKernel(1), Estimator.DEBIASED, LayerPairing.ALL, 0, 99, 0, 0.95, 3));
        assertThat(dependent.pValues()[0]).isEqualTo(0.01);
    }

    @Test
    void intervalsFollowTheSubsamplingDefinition() {
        double[][] x = gaussian(random, 14, 3);
        double[][] y = gaussian(random, 14, 5);
        for (int i = 0; i < 14; i++) {
            y[i][1] += x[i][2];
        }
        int resamples = 40;
        SimilarityResult result = ENGINE.compare(stack("x", x), stack("y", y),
                new SimilarityOptions(new LinearKernel(), Estimator.DEBIASED, LayerPairing.ALL, 0, 0, resamples, 0.9, 5));
        double observed = ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(y), true);
        Resampler draws = Resampler.forIntervals(5);
        double[] deviations = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            long[] rows = draws.subsample(14, 7);
            assertThat(Arrays.stream(rows).distinct().count()).isEqualTo(7);
            deviations[b] = ReferenceCka.cka(ReferenceCka.linear(Matrices.rows(x, rows)),
                    ReferenceCka.linear(Matrices.rows(y, rows)), true) - observed;
        }
        Arrays.sort(deviations);
        // numpy's linear interpolation at q (N - 1); interval [est - sqrt(m/n) c(0.95), est - sqrt(m/n) c(0.05)]
        double scale = Math.sqrt(7.0 / 14.0);
        double low = observed - scale * interpolate(deviations, 0.95);
        double high = observed - scale * interpolate(deviations, 0.05);
        assertThat(result.values()[0]).isCloseTo(observed, within(1e-10));
        assertThat(result.lower()[0]).isCloseTo(Math.max(-1, low), within(1e-10));
        assertThat(result.upper()[0]).isCloseTo(Math.min(1, high), within(1e-10));
    }

    private static double interpolate(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    @Test
    void intervalsCoverTheTruthAndContainTheEstimate() {
        // independent x and y: the population CKA is 0; 95% intervals should contain it in most datasets
        int datasets = 30;
        int covered = 0;
        for (int d = 0; d < datasets; d++) {
            SimilarityResult result = ENGINE.compare(stack("x", gaussian(random, 40, 6)),
                    stack("y", gaussian(random, 40, 6)),
                    new SimilarityOptions(new LinearKernel(), Estimator.DEBIASED, LayerPairing.ALL, 0, 0, 100, 0.95, d));
            if (result.lower()[0] <= 0 && 0 <= result.upper()[0]) {
                covered++;
            }
            assertThat(result.values()[0]).isBetween(result.lower()[0], result.upper()[0]);
        }
        assertThat(covered).isGreaterThanOrEqualTo(24);

        // strongly dependent data: the interval excludes 0 and contains the estimate
        double[][] x = gaussian(random, 40, 6);
        double[][] y = ReferenceCka.multiply(x, Matrices.orthogonal(random, 6));
        for (int i = 0; i < 40; i++) {
            y[i][0] += 0.5 * random.nextGaussian();
        }
        SimilarityResult dependent = ENGINE.compare(stack("x", x), stack("y", y),
                new SimilarityOptions(new RbfKernel(1), Estimator.DEBIASED, LayerPairing.ALL, 0, 0, 100, 0.95, 1));
        assertThat(dependent.lower()[0]).isGreaterThan(0.3);
        assertThat(dependent.values()[0]).isBetween(dependent.lower()[0], dependent.upper()[0]);
    }

    @Test
    void intervalsNeedTheDebiasedEstimator() {
        assertThatThrownBy(() -> new SimilarityOptions(new LinearKernel(), Estimator.BIASED, LayerPairing.ALL, 0, 0, 10,
                0.95, 1)).hasMessageContaining("intervals need estimator=debiased")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("bootstrap");
    }

    @Test
    void theSameSeedGivesTheSameStatisticsAndLayerMatricesGetOnePerPair() {
        double[][][] xs = {gaussian(random, 12, 3), gaussian(random, 12, 3)};
        double[][][] ys = {gaussian(random, 12, 2), gaussian(random, 12, 2), gaussian(random, 12, 2)};
        SimilarityOptions options = new SimilarityOptions(new LinearKernel(), Estimator.DEBIASED, LayerPairing.ALL, 0, 30, 30,
                0.95, 11);
        SimilarityResult first = ENGINE.compare(stack("x", xs), stack("y", ys), options);
        SimilarityResult second = ENGINE.compare(stack("x", xs), stack("y", ys), options);
        assertThat(first.pValues()).hasSize(6).containsExactly(second.pValues());
        assertThat(first.lower()).hasSize(6).containsExactly(second.lower());
        assertThat(first.upper()).containsExactly(second.upper());
        // each cell's p-value is the one of that pair computed alone
        SimilarityResult alone = ENGINE.compare(stack("x", xs[1]), stack("y", ys[2]), options);
        assertThat(first.pValues()[1 * 3 + 2]).isEqualTo(alone.pValues()[0]);
        assertThat(first.lower()[1 * 3 + 2]).isCloseTo(alone.lower()[0], within(1e-12));
    }
}
