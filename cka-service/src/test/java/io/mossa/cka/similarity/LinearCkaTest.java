package io.mossa.cka.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LinearCkaTest {

    private final Random random = new Random(20240611L);

    // ---- independent reference: CKA = tr(KHLH) / sqrt(tr(KHKH) tr(LHLH)), K = XX^T, L = YY^T, explicit H ----

    static double naiveCka(double[] x, double[] y, int n, int p, int q) {
        double[][] k = gram(x, n, p);
        double[][] l = gram(y, n, q);
        return naiveHsic(k, l, n) / Math.sqrt(naiveHsic(k, k, n) * naiveHsic(l, l, n));
    }

    /** tr(K H L H) / (n-1)^2 with H = I - 11^T/n, by explicit matrix products. */
    static double naiveHsic(double[][] k, double[][] l, int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1.0 : 0.0) - 1.0 / n;
            }
        }
        double[][] khlh = multiply(multiply(multiply(k, h), l), h);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += khlh[i][i];
        }
        return trace / ((n - 1.0) * (n - 1.0));
    }

    static double[][] gram(double[] x, int n, int p) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < p; c++) {
                    s += x[i * p + c] * x[j * p + c];
                }
                g[i][j] = s;
            }
        }
        return g;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < m; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private double[] gaussian(int n, int p) {
        double[] m = new double[n * p];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextGaussian();
        }
        return m;
    }

    /** A random p x p orthogonal matrix: Gram-Schmidt on a Gaussian matrix (columns orthonormalised twice). */
    private double[] orthogonal(int p) {
        double[] q = gaussian(p, p);
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < p; c++) {
                for (int prev = 0; prev < c; prev++) {
                    double dot = 0;
                    for (int r = 0; r < p; r++) {
                        dot += q[r * p + c] * q[r * p + prev];
                    }
                    for (int r = 0; r < p; r++) {
                        q[r * p + c] -= dot * q[r * p + prev];
                    }
                }
                double norm = 0;
                for (int r = 0; r < p; r++) {
                    norm += q[r * p + c] * q[r * p + c];
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < p; r++) {
                    q[r * p + c] /= norm;
                }
            }
        }
        return q;
    }

    /** (n x p) times (p x m), row-major. */
    private static double[] times(double[] a, int n, int p, double[] b, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                for (int j = 0; j < m; j++) {
                    c[i * m + j] += a[i * p + k] * b[k * m + j];
                }
            }
        }
        return c;
    }

    @Test
    void gramFormEqualsFeatureFormOnRandomData() {
        int[][] shapes = {{10, 3, 5}, {40, 64, 17}, {100, 7, 9}, {33, 33, 33}, {5, 80, 2}};
        for (int[] s : shapes) {
            int n = s[0];
            int p = s[1];
            int q = s[2];
            double[] x = gaussian(n, p);
            double[] y = times(x, n, p, gaussian(p, q), q);
            double[] noise = gaussian(n, q);
            for (int i = 0; i < y.length; i++) {
                y[i] += 2 * noise[i];
            }
            double feature = LinearCka.featureForm(Representation.of(x, n, p), Representation.of(y, n, q));
            double gram = LinearCka.gramForm(Representation.of(x, n, p), Representation.of(y, n, q));
            assertThat(feature).isBetween(0.0, 1.0);
            assertThat(gram).isCloseTo(feature, within(1e-12 * feature));
            assertThat(LinearCka.cka(x, y, n, p, q)).isCloseTo(feature, within(1e-12 * feature));
        }
    }

    @Test
    void agreesWithNaiveCenteringMatrixImplementation() {
        int[][] shapes = {{12, 4, 6}, {30, 20, 3}, {8, 50, 50}};
        for (int[] s : shapes) {
            int n = s[0];
            int p = s[1];
            int q = s[2];
            double[] x = gaussian(n, p);
            double[] y = gaussian(n, q);
            for (int i = 0; i < n; i++) {
                y[i * q] += 3 * x[i * p]; // some shared structure so the value is not tiny
            }
            double expected = naiveCka(x, y, n, p, q);
            assertThat(LinearCka.featureForm(Representation.of(x, n, p), Representation.of(y, n, q)))
                    .isCloseTo(expected, within(1e-12 * expected));
            assertThat(LinearCka.gramForm(Representation.of(x, n, p), Representation.of(y, n, q)))
                    .isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @Test
    void ckaOfARepresentationWithItselfIsOne() {
        double[] x = gaussian(50, 20);
        assertThat(LinearCka.cka(x, x, 50, 20, 20)).isCloseTo(1.0, within(1e-12));
        double[] wide = gaussian(10, 200);
        assertThat(LinearCka.cka(wide, wide, 10, 200, 200)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void invariantToOrthogonalTransformAndIsotropicScaling() {
        int n = 60;
        int p = 12;
        double[] x = gaussian(n, p);
        double[] y = gaussian(n, 8);
        for (int i = 0; i < n; i++) {
            y[i * 8 + 1] += x[i * p + 2] - x[i * p + 5];
        }
        double base = LinearCka.cka(x, y, n, p, 8);
        double[] rotated = times(x, n, p, orthogonal(p), p);
        assertThat(LinearCka.cka(rotated, y, n, p, 8)).isCloseTo(base, within(1e-12));
        double[] scaled = x.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 37.5;
        }
        assertThat(LinearCka.cka(scaled, y, n, p, 8)).isCloseTo(base, within(1e-12));
        // the transform is really orthogonal and really changes the data
        assertThat(rotated[0]).isNotCloseTo(x[0], within(1e-6));
        assertThat(LinearCka.cka(x, rotated, n, p, p)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void notInvariantToAGeneralInvertibleLinearMap() {
        int n = 60;
        int p = 6;
        double[] x = gaussian(n, p);
        // an invertible upper-triangular map with a very unequal diagonal (determinant 1000 * 0.01 * ... != 0)
        double[] a = new double[p * p];
        for (int i = 0; i < p; i++) {
            a[i * p + i] = i == 0 ? 1000 : 0.01 * (i + 1);
            for (int j = i + 1; j < p; j++) {
                a[i * p + j] = 0.5;
            }
        }
        double[] mapped = times(x, n, p, a, p);
        double value = LinearCka.cka(x, mapped, n, p, p);
        assertThat(value).isLessThan(0.9);
        assertThat(value).isCloseTo(naiveCka(x, mapped, n, p, p), within(1e-12));
    }

    @Test
    void symmetric() {
        double[] x = gaussian(25, 7);
        double[] y = gaussian(25, 11);
        assertThat(LinearCka.cka(x, y, 25, 7, 11)).isCloseTo(LinearCka.cka(y, x, 25, 11, 7), within(1e-14));
    }

    @Test
    void handComputedSmallCase() {
        // X = (1, 2, 3)^T, Y = (1, 0, 2)^T (n = 3, one feature each).
        // Centred: x~ = (-1, 0, 1), y~ = (0, -1, 1).
        // Feature form with p = q = 1: CKA = (x~.y~)^2 / (|x~|^2 |y~|^2) = 1^2 / (2 * 2) = 0.25.
        double[] x = {1, 2, 3};
        double[] y = {1, 0, 2};
        assertThat(LinearCka.cka(x, y, 3, 1, 1)).isCloseTo(0.25, within(1e-15));
        assertThat(LinearCka.gramForm(Representation.of(x, 3, 1), Representation.of(y, 3, 1)))
                .isCloseTo(0.25, within(1e-15));
        assertThat(naiveCka(x, y, 3, 1, 1)).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void constantRepresentationGivesZeroNotNaN() {
        double[] constant = new double[10 * 3];
        for (int i = 0; i < 10; i++) {
            constant[i * 3] = 0.1;
            constant[i * 3 + 1] = -7;
            constant[i * 3 + 2] = 1e6;
        }
        Representation c = Representation.of(constant, 10, 3);
        assertThat(c.isConstant()).isTrue();
        double[] y = gaussian(10, 4);
        assertThat(LinearCka.cka(c, Representation.of(y, 10, 4))).isEqualTo(0.0);
        assertThat(LinearCka.featureForm(Representation.of(y, 10, 4), c)).isEqualTo(0.0);
        assertThat(LinearCka.gramForm(c, c)).isEqualTo(0.0);
    }

    @Test
    void rejectsNonFiniteValuesAndMismatchedRows() {
        double[] x = gaussian(4, 2);
        x[5] = Double.NaN;
        assertThatThrownBy(() -> Representation.of(x, 4, 2))
                .isInstanceOf(Representation.NonFiniteValueException.class)
                .hasMessageContaining("input 2, feature 1");
        float[] f = new float[6];
        f[0] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> Representation.of(f, 3, 2)).isInstanceOf(Representation.NonFiniteValueException.class);
        assertThatThrownBy(() -> LinearCka.cka(Representation.of(gaussian(4, 2), 4, 2),
                Representation.of(gaussian(5, 2), 5, 2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Representation.of(new double[3], 1, 3)).hasMessageContaining("at least 2");
    }

    @Test
    void layerPairingsReuseRepresentationsAndMatchPairwiseValues() {
        int n = 20;
        int layers = 3;
        double[][] xs = new double[layers][];
        double[][] ys = new double[layers][];
        List<Representation> yReps = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++) {
            xs[l] = gaussian(n, 5);
            ys[l] = gaussian(n, 4);
            yReps.add(Representation.of(ys[l], n, 4));
        }
        int[] built = new int[1];
        double[] all = LayerPairing.ALL.compute(layers, l -> {
            built[0]++;
            return Representation.of(xs[l], n, 5);
        }, yReps);
        assertThat(built[0]).isEqualTo(layers);
        assertThat(all).hasSize(layers * layers);
        double[] same = LayerPairing.SAME.compute(layers, l -> Representation.of(xs[l], n, 5), yReps);
        for (int i = 0; i < layers; i++) {
            assertThat(same[i]).isCloseTo(naiveCka(xs[i], ys[i], n, 5, 4), within(1e-12));
            for (int j = 0; j < layers; j++) {
                assertThat(all[i * layers + j]).isCloseTo(naiveCka(xs[i], ys[j], n, 5, 4), within(1e-12));
            }
        }
    }

    @Test
    void multiplyTransposedHandlesOddShapes() {
        for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 7}, {33, 65, 2}, {70, 31, 9}}) {
            double[] a = gaussian(s[0], s[2]);
            double[] b = gaussian(s[1], s[2]);
            double[] out = new double[s[0] * s[1]];
            Kernels.multiplyTransposed(a, s[0], b, s[1], s[2], out);
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[1]; j++) {
                    double e = 0;
                    for (int k = 0; k < s[2]; k++) {
                        e += a[i * s[2] + k] * b[j * s[2] + k];
                    }
                    assertThat(out[i * s[1] + j]).isCloseTo(e, within(1e-12));
                }
            }
        }
    }
}
