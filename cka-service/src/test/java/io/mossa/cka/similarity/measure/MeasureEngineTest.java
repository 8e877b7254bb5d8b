package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureKind;

import io.mossa.contract.measure.MeasureType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.Device;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.cka.similarity.Matrices;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityResult;

/**
 * Every measure against the textbook computation of {@link Textbook}, against the invariances its paper states and
 * the ones it lacks, and on cases computed by hand.
 */
class MeasureEngineTest {

    static final MeasureEngine ENGINE = new MeasureEngine(Device.cpu(), 1L << 30, 1e10);
    private static final double TOLERANCE = 1e-9;

    static double value(MeasureType type, double[][] x, double[][] y) {
        return value(MeasureOptions.of(type, LayerPairing.ALL), x, y);
    }

    static double value(MeasureOptions options, double[][] x, double[][] y) {
        return ENGINE.compare(Matrices.stack("x", x), Matrices.stack("y", y), options).values()[0];
    }

    static MeasureOptions withK(MeasureType type, int k) {
        return new MeasureOptions(type, LayerPairing.ALL, 0.99, k, 0, 0, 0.95, 0);
    }

    /** Y = X A + noise: related but not identical representations. */
    static double[][] related(Random random, double[][] x, int q, double noise) {
        double[][] a = Matrices.gaussian(random, x[0].length, q);
        double[][] y = Textbook.multiply(x, a);
        for (double[] row : y) {
            for (int j = 0; j < q; j++) {
                row[j] += noise * random.nextGaussian();
            }
        }
        return y;
    }

    // ---- against the textbook ----

    @Test
    void ccaFamilyAndRegressionMatchTheCovarianceEigenproblem() {
        Random random = new Random(11);
        double[][] x = Matrices.gaussian(random, 60, 6);
        double[][] y = related(random, x, 5, 2.0);
        assertEquals(Textbook.cca(x, y), value(MeasureType.CCA, x, y), TOLERANCE);
        assertEquals(Textbook.svcca(x, y, 0.99), value(MeasureType.SVCCA, x, y), TOLERANCE);
        assertEquals(Textbook.pwcca(x, y), value(MeasureType.PWCCA, x, y), TOLERANCE);
        assertEquals(Textbook.pwcca(y, x), value(MeasureType.PWCCA, y, x), TOLERANCE);
        assertEquals(Textbook.linearRegression(x, y), value(MeasureType.LINEAR_REGRESSION, x, y), TOLERANCE);
        assertEquals(Textbook.linearRegression(y, x), value(MeasureType.LINEAR_REGRESSION, y, x), TOLERANCE);
    }

    @Test
    void svccaKeepsOnlyTheDirectionsExplainingTheRequestedVariance() {
        Random random = new Random(12);
        // a spread spectrum, so that 0.8 and 0.99 keep different numbers of directions
        double[][] x = Textbook.multiply(Matrices.gaussian(random, 80, 6),
                new double[][] {{5, 0, 0, 0, 0, 0}, {0, 3, 0, 0, 0, 0}, {0, 0, 2, 0, 0, 0}, {0, 0, 0, 1, 0, 0},
                    {0, 0, 0, 0, 0.5, 0}, {0, 0, 0, 0, 0, 0.2}});
        double[][] y = related(random, x, 6, 3.0);
        MeasureOptions eighty = new MeasureOptions(MeasureType.SVCCA, LayerPairing.ALL, 0.8, 10, 0, 0, 0.95, 0);
        double expected = Textbook.svcca(x, y, 0.8);
        assertEquals(expected, value(eighty, x, y), TOLERANCE);
        assertTrue(Math.abs(expected - Textbook.svcca(x, y, 0.99)) > 1e-3, "the variance option must matter here");
    }

    @Test
    void procrustesAndAngularMatchTheNuclearNormOfTheCrossCovariance() {
        Random random = new Random(13);
        double[][] x = Matrices.gaussian(random, 50, 7);
        double[][] y = related(random, x, 4, 1.5);
        assertEquals(Textbook.procrustes(x, y), value(MeasureType.PROCRUSTES, x, y), TOLERANCE);
        assertEquals(Textbook.angular(x, y), value(MeasureType.ANGULAR_SHAPE, x, y), TOLERANCE);
        // p > n: the scores of the n x n side carry the same nuclear norm
        double[][] wide = Matrices.gaussian(random, 9, 20);
        double[][] other = related(random, wide, 15, 1.0);
        assertEquals(Textbook.procrustes(wide, other), value(MeasureType.PROCRUSTES, wide, other), TOLERANCE);
    }

    @Test
    void rsaMatchesSpearmanOfExplicitRdmsIncludingTies() {
        Random random = new Random(14);
        double[][] x = Matrices.gaussian(random, 25, 8);
        double[][] y = related(random, x, 6, 2.0);
        // repeated inputs make tied dissimilarities (0 between the copies, equal rows of the RDM)
        x[3] = x[1].clone();
        x[7] = x[1].clone();
        y[3] = y[1].clone();
        assertEquals(Textbook.rsa(x, y), value(MeasureType.RSA, x, y), TOLERANCE);
    }

    @Test
    void neighbourMeasuresMatchBruteForceNeighbourLists() {
        Random random = new Random(15);
        double[][] x = Matrices.gaussian(random, 40, 5);
        double[][] y = related(random, x, 7, 1.5);
        for (int k : new int[] {1, 3, 10}) {
            assertEquals(Textbook.knnJaccard(x, y, k), value(withK(MeasureType.KNN_JACCARD, k), x, y), TOLERANCE);
            assertEquals(Textbook.mutualKnn(x, y, k), value(withK(MeasureType.MUTUAL_KNN, k), x, y), TOLERANCE);
        }
    }

    @Test
    void neighbourTiesGoToTheLowerIndex() {
        // inputs 1, 2 and 3 are the same direction: for input 0 (orthogonal to them all) every other input ties at 0
        double[][] x = {{1, 0}, {0, 1}, {0, 2}, {0, 3}};
        double[][] y = {{1, 0}, {0, 1}, {0, 2}, {0, 3}};
        // the textbook's lists are [1], [2], [1], [1] at k = 1
        assertEquals(1.0, value(withK(MeasureType.MUTUAL_KNN, 1), x, y), 0);
        double[][] reordered = {{1, 0}, {0, 3}, {0, 2}, {0, 1}};
        // lists of reordered: [1], [2], [1], [1] again (ties to the lower index), so full agreement with x
        assertEquals(Textbook.mutualKnn(x, reordered, 1), value(withK(MeasureType.MUTUAL_KNN, 1), x, reordered), 0);
    }

    // ---- hand-computed cases ----

    @Test
    void oneDimensionalRepresentationsAtAKnownAngle() {
        // centred, orthogonal, equal-norm columns a and b; y = a cos t + b sin t
        double[] a = {1, -1, 1, -1};
        double[] b = {1, 1, -1, -1};
        double t = 0.7;
        double[][] x = new double[4][1];
        double[][] y = new double[4][1];
        for (int i = 0; i < 4; i++) {
            x[i][0] = a[i];
            y[i][0] = a[i] * Math.cos(t) + b[i] * Math.sin(t);
        }
        assertEquals(2 - 2 * Math.cos(t), value(MeasureType.PROCRUSTES, x, y), TOLERANCE);
        assertEquals(t, value(MeasureType.ANGULAR_SHAPE, x, y), TOLERANCE);
        // one canonical correlation, |cos t|
        assertEquals(Math.cos(t) * Math.cos(t), value(MeasureType.CCA, x, y), TOLERANCE);
        assertEquals(Math.cos(t), value(MeasureType.SVCCA, x, y), TOLERANCE);
        assertEquals(Math.cos(t), value(MeasureType.PWCCA, x, y), TOLERANCE);
        assertEquals(Math.cos(t) * Math.cos(t), value(MeasureType.LINEAR_REGRESSION, x, y), TOLERANCE);
        double[][] orthogonal = {{1}, {1}, {-1}, {-1}};
        assertEquals(2, value(MeasureType.PROCRUSTES, x, orthogonal), TOLERANCE);
        assertEquals(Math.PI / 2, value(MeasureType.ANGULAR_SHAPE, x, orthogonal), TOLERANCE);
        assertEquals(0, value(MeasureType.CCA, x, orthogonal), TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(value = MeasureType.class, names = "CKA", mode = EnumSource.Mode.EXCLUDE)
    void aRepresentationIsIdenticalToItself(MeasureType type) {
        double[][] x = Matrices.gaussian(new Random(16), 30, 5);
        double expected = type.kind() == MeasureKind.DISTANCE ? 0 : 1;
        assertEquals(expected, value(type, x, x), 1e-6, type.wire());
    }

    @Test
    void moreFeaturesThanInputsSpanTheWholeCentredSpace() {
        // rank X~ = rank Y~ = n - 1 = the dimension of centred vectors: both bases span the same space
        Random random = new Random(17);
        double[][] x = Matrices.gaussian(random, 10, 30);
        double[][] y = Matrices.gaussian(random, 10, 25);
        assertEquals(1, value(MeasureType.CCA, x, y), 1e-9);
        assertEquals(1, value(MeasureType.LINEAR_REGRESSION, x, y), 1e-9);
        assertEquals(1, value(MeasureType.PWCCA, x, y), 1e-9);
    }

    @Test
    void rankDeficientSidesUseTheirNumericalRank() {
        Random random = new Random(18);
        double[][] base = Matrices.gaussian(random, 40, 3);
        // 6 columns spanning 3 dimensions (up to rounding, far below the rank tolerance)
        double[][] x = Textbook.multiply(base, Matrices.gaussian(random, 3, 6));
        double[][] y = related(random, base, 4, 1.0);
        assertEquals(Textbook.cca(base, y), value(MeasureType.CCA, x, y), 1e-8);
        assertEquals(Textbook.linearRegression(base, y), value(MeasureType.LINEAR_REGRESSION, x, y), 1e-8);
    }

    @Test
    void aConstantLayerIsReportedAndGivesTheMeasuresNoSimilarity() {
        double[][] x = Matrices.gaussian(new Random(19), 12, 3);
        double[][] constant = new double[12][3];
        for (double[] row : constant) {
            row[0] = 2;
            row[1] = -1;
        }
        SimilarityResult result = ENGINE.compare(Matrices.stack("x", x), Matrices.stack("y", constant),
                MeasureOptions.of(MeasureType.PROCRUSTES, LayerPairing.ALL));
        assertEquals(2, result.values()[0], 0);
        assertEquals(java.util.List.of(0), result.constantY());
        assertEquals(0, value(MeasureType.CCA, x, constant), 0);
        assertEquals(0, value(MeasureType.RSA, x, constant), 0);
    }

    // ---- invariances ----

    private static double[][] orthogonalMap(double[][] x, Random random, double scale) {
        return Matrices.scale(Textbook.multiply(x, Matrices.orthogonal(random, x[0].length)), scale);
    }

    @Test
    void ccaFamilyIsInvariantToInvertibleLinearMaps() {
        Random random = new Random(20);
        double[][] x = Matrices.gaussian(random, 60, 5);
        double[][] y = related(random, x, 4, 2.0);
        double[][] mappedX = Textbook.multiply(x, Matrices.gaussian(random, 5, 5));
        double[][] mappedY = Textbook.multiply(y, Matrices.gaussian(random, 4, 4));
        assertEquals(value(MeasureType.CCA, x, y), value(MeasureType.CCA, mappedX, mappedY), 1e-8);
        assertEquals(value(MeasureType.LINEAR_REGRESSION, x, y),
                value(MeasureType.LINEAR_REGRESSION, mappedX, y), 1e-8);
        // lacks: R^2 weighs Y's directions by their variance, so a general map of Y changes it
        assertTrue(Math.abs(value(MeasureType.LINEAR_REGRESSION, x, y)
                - value(MeasureType.LINEAR_REGRESSION, x, mappedY)) > 1e-3);
    }

    @Test
    void shapeDistancesAreInvariantToOrthogonalMapsAndScalingButNotToGeneralMaps() {
        Random random = new Random(21);
        double[][] x = Matrices.gaussian(random, 50, 6);
        double[][] y = related(random, x, 6, 1.0);
        double[][] mappedX = orthogonalMap(x, random, 3.5);
        double[][] mappedY = orthogonalMap(y, random, 0.2);
        for (MeasureType type : new MeasureType[] {MeasureType.PROCRUSTES, MeasureType.ANGULAR_SHAPE}) {
            double d = value(type, x, y);
            assertEquals(d, value(type, mappedX, mappedY), 1e-9, type.wire());
            double[][] general = Textbook.multiply(x, Matrices.gaussian(random, 6, 6));
            assertTrue(Math.abs(d - value(type, general, y)) > 1e-3, type.wire() + " must not be invariant");
        }
    }

    @Test
    void neighbourMeasuresAreInvariantToOrthogonalMapsAndScalingButNotToGeneralMaps() {
        Random random = new Random(22);
        double[][] x = Matrices.gaussian(random, 40, 6);
        double[][] y = related(random, x, 5, 1.5);
        double[][] mappedX = orthogonalMap(x, random, 4);
        double[][] mappedY = orthogonalMap(y, random, 0.3);
        for (MeasureType type : new MeasureType[] {MeasureType.KNN_JACCARD, MeasureType.MUTUAL_KNN}) {
            assertEquals(value(type, x, y), value(type, mappedX, mappedY), 1e-9, type.wire());
        }
        double[][] general = Textbook.multiply(x, new double[][] {{9, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0},
            {0, 0, 1, 0, 0, 0}, {0, 0, 0, 0.1, 0, 0}, {0, 0, 0, 0, 1, 0}, {0, 0, 0, 0, 0, 1}});
        assertTrue(Math.abs(value(MeasureType.MUTUAL_KNN, x, y) - value(MeasureType.MUTUAL_KNN, general, y)) > 1e-3);
    }

    @Test
    void rsaIsInvariantToWhatKeepsCorrelationsBetweenInputsButNotToOrthogonalMaps() {
        Random random = new Random(27);
        double[][] x = Matrices.gaussian(random, 30, 6);
        double[][] y = related(random, x, 5, 1.5);
        double rsa = value(MeasureType.RSA, x, y);
        // each input shifted and scaled as a whole: its correlations with the others stay the same
        double[][] shifted = new double[30][];
        for (int i = 0; i < 30; i++) {
            double shift = random.nextGaussian() * 5;
            double scale = 0.5 + random.nextDouble() * 3;
            shifted[i] = new double[6];
            for (int j = 0; j < 6; j++) {
                shifted[i][j] = x[i][j] * scale + shift;
            }
        }
        assertEquals(rsa, value(MeasureType.RSA, shifted, Matrices.scale(y, 7)), 1e-9);
        assertTrue(Math.abs(rsa - value(MeasureType.RSA, orthogonalMap(x, random, 1), y)) > 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = MeasureType.class, names = "CKA", mode = EnumSource.Mode.EXCLUDE)
    void theSamePermutationOfBothSidesChangesNothing(MeasureType type) {
        Random random = new Random(23);
        double[][] x = Matrices.gaussian(random, 30, 5);
        double[][] y = related(random, x, 4, 1.5);
        long[] order = new long[30];
        for (int i = 0; i < 30; i++) {
            order[i] = (i * 7 + 3) % 30;
        }
        assertEquals(value(type, x, y), value(type, Matrices.rows(x, order), Matrices.rows(y, order)), 1e-9,
                type.wire());
    }

    @Test
    void asymmetricMeasuresDependOnTheOrder() {
        Random random = new Random(24);
        double[][] x = Matrices.gaussian(random, 50, 6);
        double[][] y = related(random, x, 3, 2.0);
        for (MeasureType type : MeasureType.values()) {
            if (type == MeasureType.CKA) {
                continue;
            }
            double forward = value(type, x, y);
            double backward = value(type, y, x);
            if (type.symmetric()) {
                assertEquals(forward, backward, 1e-9, type.wire());
            } else {
                assertTrue(Math.abs(forward - backward) > 1e-3, type.wire() + " is declared asymmetric");
            }
        }
    }

    // ---- layer matrices ----

    @ParameterizedTest
    @EnumSource(value = MeasureType.class, names = "CKA", mode = EnumSource.Mode.EXCLUDE)
    void layerMatricesReusingPreparedLayersEqualPairByPairValues(MeasureType type) {
        Random random = new Random(25);
        // every layer of one side has the same width, as layers of one model do
        double[][] x0 = Matrices.gaussian(random, 30, 4);
        double[][] x1 = related(random, x0, 4, 1.0);
        double[][] y0 = related(random, x0, 5, 2.0);
        double[][] y1 = Matrices.gaussian(random, 30, 5);
        double[][] y2 = related(random, x1, 5, 0.5);
        LayerStack xs = Matrices.stack("x", x0, x1);
        SimilarityResult all = ENGINE.compare(xs, Matrices.stack("y", y0, y1, y2),
                MeasureOptions.of(type, LayerPairing.ALL));
        double[][][] xl = {x0, x1};
        double[][][] yl = {y0, y1, y2};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(value(type, xl[i], yl[j]), all.values()[i * 3 + j], 1e-12, type.wire());
            }
        }
        SimilarityResult same = ENGINE.compare(xs, Matrices.stack("y", y0, y2), MeasureOptions.of(type, LayerPairing.SAME));
        assertEquals(value(type, x0, y0), same.values()[0], 1e-12);
        assertEquals(value(type, x1, y2), same.values()[1], 1e-12);
        // a model against itself: one prepared stack serves both sides
        SimilarityResult self = ENGINE.compare(xs, xs, MeasureOptions.of(type, LayerPairing.ALL));
        assertEquals(value(type, x0, x1), self.values()[1], 1e-12);
        assertEquals(value(type, x1, x0), self.values()[2], 1e-12);
    }

    // ---- limits ----

    @Test
    void sizesThatCannotWorkAreRefusedNamingTheParameter() {
        Random random = new Random(26);
        double[][] x = Matrices.gaussian(random, 8, 3);
        SimilarityException k = assertThrows(SimilarityException.class,
                () -> value(withK(MeasureType.MUTUAL_KNN, 8), x, x));
        assertEquals("k", k.field());
        SimilarityException interval = assertThrows(SimilarityException.class,
                () -> new MeasureOptions(MeasureType.CCA, LayerPairing.ALL, 0.99, 10, 0, 100, 0.95, 0));
        assertEquals("bootstrap", interval.field());
        SimilarityException variance = assertThrows(SimilarityException.class,
                () -> new MeasureOptions(MeasureType.SVCCA, LayerPairing.ALL, 1.5, 10, 0, 0, 0.95, 0));
        assertEquals("svccaVariance", variance.field());
        MeasureEngine small = new MeasureEngine(Device.cpu(), 1 << 20, 1e6);
        SimilarityException memory = assertThrows(SimilarityException.class,
                () -> small.check(5000, 64, 64, 3, 3, MeasureOptions.of(MeasureType.RSA, LayerPairing.ALL)));
        assertEquals("x", memory.field());
        assertTrue(memory.getMessage().contains("memory budget"), memory.getMessage());
        SimilarityException work = assertThrows(SimilarityException.class, () -> small.check(200, 16, 16, 2, 2,
                new MeasureOptions(MeasureType.CCA, LayerPairing.ALL, 0.99, 10, 1000, 0, 0.95, 0)));
        assertEquals("permutations", work.field());
    }
}
