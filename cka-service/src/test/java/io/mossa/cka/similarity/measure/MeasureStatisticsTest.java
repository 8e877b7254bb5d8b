package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureKind;

import io.mossa.contract.measure.MeasureType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import io.mossa.cka.similarity.Matrices;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.stats.Percentile;
import io.mossa.cka.similarity.stats.Resampler;

/**
 * Permutation p-values and subsampling intervals of the measures, against the same resamples evaluated with the
 * textbook computations of {@link Textbook}.
 */
class MeasureStatisticsTest {

    private static final int PERMUTATIONS = 40;

    private static SimilarityResult compare(MeasureType type, double[][] x, double[][] y, int permutations,
            int bootstrap, long seed) {
        return MeasureEngineTest.ENGINE.compare(Matrices.stack("x", x), Matrices.stack("y", y),
                new MeasureOptions(type, LayerPairing.ALL, 0.99, 5, permutations, bootstrap, 0.9, seed));
    }

    /** The p-value the definition gives: Y's rows shuffled by the engine's seeded permutations, the tail by kind. */
    private static double expectedP(MeasureType type, BiFunction<double[][], double[][], Double> textbook,
            double[][] x, double[][] y, long seed) {
        double observed = textbook.apply(x, y);
        Resampler resampler = Resampler.forPermutations(seed);
        int count = 0;
        for (int b = 0; b < PERMUTATIONS; b++) {
            double permuted = textbook.apply(x, Matrices.rows(y, resampler.permutation(x.length)));
            boolean extreme = type.kind() == MeasureKind.DISTANCE ? permuted <= observed : permuted >= observed;
            if (extreme) {
                count++;
            }
        }
        return (1.0 + count) / (1.0 + PERMUTATIONS);
    }

    @Test
    void pValuesAreThoseOfTheTextbookMeasureOnTheSamePermutations() {
        Random random = new Random(31);
        double[][] x = Matrices.gaussian(random, 24, 4);
        // weakly related: p-values between the extremes, so that the counts are tested
        double[][] y = MeasureEngineTest.related(random, x, 3, 6.0);
        assertP(MeasureType.CCA, Textbook::cca, x, y);
        assertP(MeasureType.PROCRUSTES, Textbook::procrustes, x, y);
        assertP(MeasureType.ANGULAR_SHAPE, Textbook::angular, x, y);
        assertP(MeasureType.RSA, Textbook::rsa, x, y);
        assertP(MeasureType.LINEAR_REGRESSION, Textbook::linearRegression, x, y);
        assertP(MeasureType.MUTUAL_KNN, (a, b) -> Textbook.mutualKnn(a, b, 5), x, y);
        assertP(MeasureType.KNN_JACCARD, (a, b) -> Textbook.knnJaccard(a, b, 5), x, y);
        assertP(MeasureType.PWCCA, Textbook::pwcca, x, y);
        assertP(MeasureType.SVCCA, (a, b) -> Textbook.svcca(a, b, 0.99), x, y);
        // the counts matter here: the weak relation leaves p-values away from the floor for some measures
        assertTrue(expectedP(MeasureType.PROCRUSTES, Textbook::procrustes, x, y, 5) > 2.0 / (1 + PERMUTATIONS));
        assertTrue(expectedP(MeasureType.RSA, Textbook::rsa, x, y, 5) > 2.0 / (1 + PERMUTATIONS));
    }

    private static void assertP(MeasureType type, BiFunction<double[][], double[][], Double> textbook, double[][] x,
            double[][] y) {
        double expected = expectedP(type, textbook, x, y, 5);
        assertEquals(expected, compare(type, x, y, PERMUTATIONS, 0, 5).pValues()[0], 1e-12, type.wire());
    }

    @Test
    void aDistanceIsSignificantWhenItIsSmall() {
        Random random = new Random(32);
        double[][] x = Matrices.gaussian(random, 40, 5);
        double[][] y = MeasureEngineTest.related(random, x, 5, 0.3);
        // every permutation gives a larger distance: the smallest p there is (the wrong tail would give 1)
        double floor = 1.0 / (1 + PERMUTATIONS);
        assertEquals(floor, compare(MeasureType.PROCRUSTES, x, y, PERMUTATIONS, 0, 1).pValues()[0], 0);
        assertEquals(floor, compare(MeasureType.ANGULAR_SHAPE, x, y, PERMUTATIONS, 0, 1).pValues()[0], 0);
        assertEquals(floor, compare(MeasureType.CCA, x, y, PERMUTATIONS, 0, 1).pValues()[0], 0);
    }

    @Test
    void rsaIntervalsAreSubsamplingIntervalsOfTheTextbookRsa() {
        Random random = new Random(33);
        int n = 30;
        double[][] x = Matrices.gaussian(random, n, 5);
        double[][] y = MeasureEngineTest.related(random, x, 4, 2.0);
        int resamples = 25;
        SimilarityResult result = compare(MeasureType.RSA, x, y, 0, resamples, 9);
        double observed = Textbook.rsa(x, y);
        Resampler resampler = Resampler.forIntervals(9);
        int m = n / 2;
        double[] deviations = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            long[] rows = resampler.subsample(n, m);
            deviations[b] = Textbook.rsa(Matrices.rows(x, rows), Matrices.rows(y, rows)) - observed;
        }
        double scale = Math.sqrt((double) m / n);
        double lower = observed - scale * Percentile.of(deviations, 0.95);
        double upper = observed - scale * Percentile.of(deviations, 0.05);
        assertEquals(lower, result.lower()[0], 1e-9);
        assertEquals(upper, result.upper()[0], 1e-9);
        assertTrue(result.lower()[0] < result.values()[0] && result.values()[0] < result.upper()[0]);
        assertNull(result.pValues());
    }

    @Test
    void theSameSeedGivesTheSameStatistics() {
        Random random = new Random(34);
        double[][] x = Matrices.gaussian(random, 20, 3);
        double[][] y = MeasureEngineTest.related(random, x, 3, 5.0);
        SimilarityResult a = compare(MeasureType.MUTUAL_KNN, x, y, 30, 0, 77);
        SimilarityResult b = compare(MeasureType.MUTUAL_KNN, x, y, 30, 0, 77);
        assertArrayEquals(a.pValues(), b.pValues());
    }
}
