package io.mossa.cka.similarity;

import static io.mossa.cka.similarity.Matrices.gaussian;
import static io.mossa.cka.similarity.Matrices.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.cka.similarity.kernel.LinearKernel;
import io.mossa.cka.similarity.kernel.PolynomialKernel;
import io.mossa.cka.similarity.kernel.RbfKernel;
import io.mossa.contract.experiment.LayerPairing;

import ai.djl.Device;

class SimilarityEngineTest {

    static final SimilarityEngine ENGINE = new SimilarityEngine(Device.cpu(), 1L << 30, 1e10);

    private final Random random = new Random(20261129L);

    static SimilarityOptions options(Kernel kernel, Estimator estimator) {
        return new SimilarityOptions(kernel, estimator, LayerPairing.ALL, 0, 0, 0, 0.95, 0);
    }

    static double one(double[][] x, double[][] y, SimilarityOptions options) {
        SimilarityResult result = ENGINE.compare(stack("x", x), stack("y", y), options);
        assertThat(result.values()).hasSize(1);
        return result.values()[0];
    }

    @ParameterizedTest
    @EnumSource(Estimator.class)
    void everyKernelMatchesTheTextbookFormula(Estimator estimator) {
        boolean debiased = estimator == Estimator.DEBIASED;
        double[][] x = gaussian(random, 16, 5);
        double[][] y = gaussian(random, 16, 7);
        // y partly depends on x so that the values are far from 0
        for (int i = 0; i < 16; i++) {
            y[i][0] += 2 * x[i][0];
            y[i][1] += x[i][1] * x[i][2];
        }
        assertThat(one(x, y, options(new LinearKernel(), estimator)))
                .isCloseTo(ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(y), debiased), within(1e-10));
        assertThat(one(x, y, options(new RbfKernel(0.5), estimator))).isCloseTo(
                ReferenceCka.cka(ReferenceCka.rbf(x, 0.5), ReferenceCka.rbf(y, 0.5), debiased), within(1e-10));
        assertThat(one(x, y, options(new RbfKernel(1.0), estimator))).isCloseTo(
                ReferenceCka.cka(ReferenceCka.rbf(x, 1.0), ReferenceCka.rbf(y, 1.0), debiased), within(1e-10));
        assertThat(one(x, y, options(new PolynomialKernel(3, 1.0), estimator))).isCloseTo(ReferenceCka.cka(
                ReferenceCka.polynomial(x, 3, 1.0), ReferenceCka.polynomial(y, 3, 1.0), debiased), within(1e-10));
        assertThat(one(x, y, options(new PolynomialKernel(2, 0.5), estimator))).isCloseTo(ReferenceCka.cka(
                ReferenceCka.polynomial(x, 2, 0.5), ReferenceCka.polynomial(y, 2, 0.5), debiased), within(1e-10));
    }

    @Test
    void featureFormAndGramFormAgreeWithTheTextbookFormula() {
        // n >> p: the feature form is cheaper; n << p: the Gram form is
        double[][] tallX = gaussian(random, 40, 3);
        double[][] tallY = gaussian(random, 40, 4);
        SimilarityResult tall = ENGINE.compare(stack("x", tallX), stack("y", tallY),
                options(new LinearKernel(), Estimator.BIASED));
        assertThat(tall.method()).isEqualTo("feature");
        assertThat(tall.values()[0]).isCloseTo(
                ReferenceCka.cka(ReferenceCka.linear(tallX), ReferenceCka.linear(tallY), false), within(1e-12));

        double[][] wideX = gaussian(random, 10, 50);
        double[][] wideY = gaussian(random, 10, 60);
        SimilarityResult wide = ENGINE.compare(stack("x", wideX), stack("y", wideY),
                options(new LinearKernel(), Estimator.BIASED));
        assertThat(wide.method()).isEqualTo("gram");
        assertThat(wide.values()[0]).isCloseTo(
                ReferenceCka.cka(ReferenceCka.linear(wideX), ReferenceCka.linear(wideY), false), within(1e-12));
    }

    @Test
    void gramFormOverSeveralStripsAgreesWithNaiveFeatureSums() {
        // n = 2100: the streamed Gram form splits the rows into two strips; p = 3 keeps the naive sums cheap
        int n = 2100;
        double[][] x = gaussian(random, n, 3);
        double[][] y = gaussian(random, n, 2);
        for (int i = 0; i < n; i++) {
            y[i][0] += x[i][1];
        }
        SimilarityResult gram = ENGINE.compare(stack("x", x), stack("y", y),
                options(new LinearKernel(), Estimator.BIASED), SimilarityEngine.Form.GRAM);
        assertThat(gram.method()).isEqualTo("gram");
        assertThat(gram.values()[0]).isCloseTo(naiveFeatureCka(x, y), within(1e-12));
    }

    /** ||Y~^T X~||^2 / (||X~^T X~|| ||Y~^T Y~||) with explicit centring and triple loops. */
    private static double naiveFeatureCka(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        return squaredProduct(yc, xc) / Math.sqrt(squaredProduct(xc, xc) * squaredProduct(yc, yc));
    }

    private static double[][] centred(double[][] a) {
        int n = a.length;
        int p = a[0].length;
        double[][] c = new double[n][p];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] row : a) {
                mean += row[j] / n;
            }
            for (int i = 0; i < n; i++) {
                c[i][j] = a[i][j] - mean;
            }
        }
        return c;
    }

    /** ||A^T B||_F^2. */
    private static double squaredProduct(double[][] a, double[][] b) {
        double sum = 0;
        for (int u = 0; u < a[0].length; u++) {
            for (int v = 0; v < b[0].length; v++) {
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    s += a[i][u] * b[i][v];
                }
                sum += s * s;
            }
        }
        return sum;
    }

    @Test
    void layerMatricesHoldEveryPairAndSamePairingTheDiagonal() {
        // one width per side: a stack's layers share p
        double[][][] xs = {gaussian(random, 12, 4), gaussian(random, 12, 4), gaussian(random, 12, 4)};
        double[][][] ys = {gaussian(random, 12, 7), gaussian(random, 12, 7), gaussian(random, 12, 7)};
        ys[1][3][2] += 5 * xs[1][3][1];
        for (Estimator estimator : Estimator.values()) {
            for (Kernel kernel : new Kernel[] {new LinearKernel(), new RbfKernel(0.8)}) {
                SimilarityResult all = ENGINE.compare(stack("x", xs), stack("y", ys), options(kernel, estimator));
                SimilarityResult same = ENGINE.compare(stack("x", xs), stack("y", ys),
                        new SimilarityOptions(kernel, estimator, LayerPairing.SAME, 0, 0, 0, 0.95, 0));
                assertThat(all.values()).hasSize(9);
                assertThat(same.values()).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double expected = ReferenceCka.cka(kernel instanceof RbfKernel ? ReferenceCka.rbf(xs[i], 0.8)
                                : ReferenceCka.linear(xs[i]), kernel instanceof RbfKernel
                                        ? ReferenceCka.rbf(ys[j], 0.8) : ReferenceCka.linear(ys[j]),
                                estimator == Estimator.DEBIASED);
                        if (estimator == Estimator.BIASED) {
                            expected = Math.max(0, expected);
                        }
                        assertThat(all.values()[i * 3 + j]).as("%s %s (%d, %d)", kernel, estimator, i, j)
                                .isCloseTo(expected, within(1e-10));
                        if (i == j) {
                            assertThat(same.values()[i]).isCloseTo(expected, within(1e-10));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Estimator.class)
    void invariantToOrthogonalTransformsAndIsotropicScalingButNotToGeneralLinearMaps(Estimator estimator) {
        double[][] x = gaussian(random, 20, 6);
        double[][] y = gaussian(random, 20, 6);
        for (int i = 0; i < 20; i++) {
            y[i][0] += x[i][0] + x[i][1];
        }
        double[][] rotated = ReferenceCka.multiply(x, Matrices.orthogonal(random, 6));
        double[][] scaled = Matrices.scale(x, 7.5);
        double[][] general = ReferenceCka.multiply(x, gaussian(random, 6, 6));
        for (Kernel kernel : new Kernel[] {new LinearKernel(), new RbfKernel(1.0)}) {
            SimilarityOptions options = options(kernel, estimator);
            double base = one(x, y, options);
            assertThat(one(x, x, options)).as("CKA(X, X)").isCloseTo(1.0, within(1e-12));
            assertThat(one(y, x, options)).as("symmetric").isCloseTo(base, within(1e-12));
            assertThat(one(rotated, y, options)).as("orthogonal").isCloseTo(base, within(1e-10));
            assertThat(one(scaled, y, options)).as("isotropic scaling").isCloseTo(base, within(1e-10));
            if (kernel.isLinear()) {
                assertThat(Math.abs(one(general, y, options) - base)).as("general linear map").isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void debiasedCkaOfIndependentDataIsNearZeroWhereBiasedIsNot() {
        double biased = 0;
        double debiased = 0;
        int trials = 20;
        for (int t = 0; t < trials; t++) {
            double[][] x = gaussian(random, 32, 64);
            double[][] y = gaussian(random, 32, 64);
            biased += one(x, y, options(new LinearKernel(), Estimator.BIASED)) / trials;
            debiased += one(x, y, options(new LinearKernel(), Estimator.DEBIASED)) / trials;
        }
        assertThat(biased).isGreaterThan(0.3);
        assertThat(Math.abs(debiased)).isLessThan(0.03);
    }

    @Test
    void polynomialOfDegreeOneWithoutOffsetIsLinearCka() {
        double[][] x = gaussian(random, 15, 4);
        double[][] y = gaussian(random, 15, 9);
        for (Estimator estimator : Estimator.values()) {
            assertThat(one(x, y, options(new PolynomialKernel(1, 0), estimator)))
                    .isCloseTo(one(x, y, options(new LinearKernel(), estimator)), within(1e-12));
        }
    }

    @Test
    void minibatchCkaSumsUnbiasedHsicOverBatches() {
        double[][] x = gaussian(random, 50, 6);
        double[][] y = gaussian(random, 50, 5);
        for (int i = 0; i < 50; i++) {
            y[i][0] += x[i][0];
        }
        SimilarityOptions options = new SimilarityOptions(new LinearKernel(), Estimator.DEBIASED, LayerPairing.ALL, 16, 0, 0,
                0.95, 0);
        SimilarityResult result = ENGINE.compare(stack("x", x), stack("y", y), options);
        assertThat(result.method()).isEqualTo("minibatch");
        // 50 rows in batches of at most 16: four batches of 13, 13, 12, 12
        assertThat(result.values()[0]).isCloseTo(ReferenceCka.minibatchLinear(x, y, new int[] {13, 13, 12, 12}),
                within(1e-10));
        SimilarityOptions whole = new SimilarityOptions(new LinearKernel(), Estimator.DEBIASED, LayerPairing.ALL, 50, 0, 0,
                0.95, 0);
        assertThat(ENGINE.compare(stack("x", x), stack("y", y), whole).values()[0])
                .isCloseTo(one(x, y, options(new LinearKernel(), Estimator.DEBIASED)), within(1e-12));
    }

    /**
     * All pairs in the feature form with a memory budget that admits two of Y's layers at a time: Y's five layers
     * come in three groups, each met by every layer of X; constant layers are reported once.
     */
    @Test
    void featureFormOverGroupsOfLayersMatchesTheTextbookFormulaForEveryPair() {
        int n = 40;
        double[][][] xs = {gaussian(random, n, 4), new double[n][4], gaussian(random, n, 4)};
        double[][][] ys = new double[5][][];
        for (int j = 0; j < 5; j++) {
            ys[j] = j == 3 ? new double[n][5] : gaussian(random, n, 5);
        }
        ys[2][7][1] += 4 * xs[2][7][0];
        // held bytes are half the budget: 2 x (n x 5 float64) = 3,200 bytes per group
        SimilarityEngine small = new SimilarityEngine(Device.cpu(), 2 * 2 * n * 5 * Double.BYTES, 1e6);
        SimilarityResult all = small.compare(stack("x", xs), stack("y", ys), options(new LinearKernel(),
                Estimator.BIASED), SimilarityEngine.Form.FEATURE);
        assertThat(all.method()).isEqualTo("feature");
        assertThat(all.values()).hasSize(15);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                double expected = i == 1 || j == 3 ? 0
                        : ReferenceCka.cka(ReferenceCka.linear(xs[i]), ReferenceCka.linear(ys[j]), false);
                assertThat(all.values()[i * 5 + j]).as("(%d, %d)", i, j).isCloseTo(expected, within(1e-12));
            }
        }
        assertThat(all.constantX()).containsExactly(1);
        assertThat(all.constantY()).containsExactly(3);

        SimilarityResult same = small.compare(stack("x", xs), stack("y", ys[0], ys[3], ys[2]), new SimilarityOptions(
                new LinearKernel(), Estimator.BIASED, LayerPairing.SAME, 0, 0, 0, 0.95, 0), SimilarityEngine.Form.FEATURE);
        assertThat(same.values()[0]).isCloseTo(
                ReferenceCka.cka(ReferenceCka.linear(xs[0]), ReferenceCka.linear(ys[0]), false), within(1e-12));
        assertThat(same.values()[1]).isZero();
        assertThat(same.values()[2]).isCloseTo(
                ReferenceCka.cka(ReferenceCka.linear(xs[2]), ReferenceCka.linear(ys[2]), false), within(1e-12));
        assertThat(same.constantX()).containsExactly(1);
        assertThat(same.constantY()).containsExactly(1);
    }

    @Test
    void aConstantRepresentationHasCkaZeroAndIsReported() {
        double[][] constant = new double[10][3];
        for (double[] row : constant) {
            row[0] = 0.1;
            row[1] = 1.0 / 3;
            row[2] = -7;
        }
        double[][] y = gaussian(random, 10, 3);
        for (Kernel kernel : new Kernel[] {new LinearKernel(), new RbfKernel(1.0), new PolynomialKernel(2, 1)}) {
            for (Estimator estimator : Estimator.values()) {
                SimilarityResult result = ENGINE.compare(stack("x", constant, y), stack("y", y),
                        options(kernel, estimator));
                assertThat(result.values()[0]).as("%s %s", kernel, estimator).isEqualTo(0.0);
                assertThat(result.values()[1]).isCloseTo(1.0, within(1e-12));
                assertThat(result.constantX()).containsExactly(0);
                assertThat(result.constantY()).isEmpty();
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheFieldAtFault() {
        double[][] x = gaussian(random, 3, 4);
        assertThatThrownBy(() -> ENGINE.compare(stack("x", x), stack("y", x),
                options(new LinearKernel(), Estimator.DEBIASED)))
                .isInstanceOf(SimilarityException.class).hasMessageContaining("at least 4 inputs, got 3")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("x");
        assertThatThrownBy(() -> ENGINE.compare(stack("x", gaussian(random, 8, 2)), stack("y", gaussian(random, 9, 2)),
                options(new LinearKernel(), Estimator.BIASED)))
                .hasMessageContaining("x has 8 rows (inputs) and y has 9")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("y");
        double[][] withNan = gaussian(random, 8, 3);
        withNan[5][2] = Double.NaN;
        assertThatThrownBy(() -> ENGINE.compare(stack("x", gaussian(random, 8, 3)), stack("y", withNan, withNan),
                options(new LinearKernel(), Estimator.BIASED)))
                .hasMessageContaining("y has the non-finite value NaN at layer 0, row 5, feature 2")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("y");
        double[][] withInf = gaussian(random, 8, 3);
        withInf[0][0] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> ENGINE.compare(stack("x", withInf), stack("y", gaussian(random, 8, 3)),
                options(new RbfKernel(1), Estimator.BIASED))).hasMessageContaining("-Infinity at layer 0, row 0");
        double[][] mostlyDuplicates = new double[8][2];
        mostlyDuplicates[7][0] = 1;
        assertThatThrownBy(() -> ENGINE.compare(stack("x", mostlyDuplicates), stack("y", gaussian(random, 8, 3)),
                options(new RbfKernel(1), Estimator.BIASED))).hasMessageContaining("x layer 0: the RBF bandwidth is 0");
    }

    @Test
    void parametersThatMakeTheMeasureUndefinedAreRefusedUpFront() {
        // t = 1e-200: 2 t^2 median underflows to 0 and every off-diagonal entry is exp(-inf) or NaN
        assertThatThrownBy(() -> new RbfKernel(1e-200)).hasMessageContaining("rbfThreshold must be between");
        assertThatThrownBy(() -> new RbfKernel(1e300)).hasMessageContaining("rbfThreshold must be between");
        new RbfKernel(RbfKernel.MIN_THRESHOLD);
        new RbfKernel(RbfKernel.MAX_THRESHOLD);
        // (x.y/p + 1e40)^10 >= 1e400: every kernel entry is infinite
        assertThatThrownBy(() -> new PolynomialKernel(10, 1e40)).hasMessageContaining("|coef0|^degree <= 1e100");
        assertThatThrownBy(() -> new PolynomialKernel(10, -1.1e10)).hasMessageContaining("|coef0|^degree");
        new PolynomialKernel(10, 1e10);
        new PolynomialKernel(1, 1e100);
    }

    @Test
    void aNonFiniteResultIsAnErrorNeverAValue() {
        // allowed parameters, but activations of magnitude 1e15 make (x.y/p + 1)^10 about 1e300: HSIC overflows
        double[][] x = gaussian(random, 8, 3);
        double[][] y = gaussian(random, 8, 3);
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 1e15;
            }
        }
        double naive = ReferenceCka.cka(polynomial(x), polynomial(y), false);
        assertThat(Double.isFinite(naive)).as("the naive computation overflows too").isFalse();
        assertThatThrownBy(() -> ENGINE.compare(stack("x", x), stack("y", y),
                options(new PolynomialKernel(10, 1), Estimator.BIASED)))
                .isInstanceOf(SimilarityException.class)
                .hasMessageContaining("undefined for these inputs")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("kernel");
    }

    /** (x_i . x_j / p + 1)^10, written out. */
    private static double[][] polynomial(double[][] x) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int f = 0; f < x[i].length; f++) {
                    dot += x[i][f] * x[j][f];
                }
                k[i][j] = Math.pow(dot / x[i].length + 1, 10);
            }
        }
        return k;
    }

    @Test
    void limitsAreEnforcedBeforeComputing() {
        SimilarityEngine small = new SimilarityEngine(Device.cpu(), 64 * 1024, 1e6);
        double[][] x = gaussian(random, 60, 3);
        double[][] y = gaussian(random, 60, 3);
        // linear, biased: falls back to the feature form when Gram matrices do not fit
        SimilarityResult linear = small.compare(stack("x", x, x), stack("y", y, y),
                options(new LinearKernel(), Estimator.BIASED));
        assertThat(linear.method()).isEqualTo("feature");
        assertThat(linear.values()[0]).isCloseTo(
                ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(y), false), within(1e-12));
        assertThatThrownBy(() -> small.compare(stack("x", x, x), stack("y", y, y),
                options(new RbfKernel(1), Estimator.BIASED)))
                .hasMessageContaining("above the memory budget").hasMessageContaining("minibatch")
                .extracting(e -> ((SimilarityException) e).field()).isEqualTo("minibatch");
        assertThatThrownBy(() -> small.compare(stack("x", x), stack("y", y), new SimilarityOptions(new LinearKernel(),
                Estimator.BIASED, LayerPairing.ALL, 0, 500, 0, 0.95, 1)))
                .hasMessageContaining("above the limit").extracting(e -> ((SimilarityException) e).field())
                .isEqualTo("permutations");
        assertThatThrownBy(() -> new SimilarityOptions(new LinearKernel(), Estimator.BIASED, LayerPairing.ALL, 10, 5, 0, 0.95,
                1)).hasMessageContaining("need full-batch CKA");
        assertThatThrownBy(() -> ENGINE.compare(stack("x", x), stack("y", y), new SimilarityOptions(new LinearKernel(),
                Estimator.DEBIASED, LayerPairing.ALL, 3, 0, 0, 0.95, 1)))
                .hasMessageContaining("minibatch must be between 4 and n = 60");
    }
}
