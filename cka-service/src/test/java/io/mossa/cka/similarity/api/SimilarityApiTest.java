package io.mossa.cka.similarity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.mossa.cka.AbstractServiceTest;
import io.mossa.tensor.npy.NpyWriter;

/** POST /v1/similarity over real HTTP: NPY uploads in, CKA out, and every kind of bad request. */
class SimilarityApiTest extends AbstractServiceTest {

    private final Random random = new Random(99);

    private float[] gaussian(int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static byte[] npy32(int[] shape, float[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat32(out, shape, data);
        return out.toByteArray();
    }

    private static byte[] npy64(int[] shape, double[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat64(out, shape, data);
        return out.toByteArray();
    }

    /** Linear CKA of two n x p row-major matrices by the textbook tr(KHLH) form, in plain loops. */
    private static double naiveLinearCka(double[] x, int p, double[] y, int q, int n) {
        double[][] k = new double[n][n];
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < p; c++) {
                    k[i][j] += x[i * p + c] * x[j * p + c];
                }
                for (int c = 0; c < q; c++) {
                    l[i][j] += y[i * q + c] * y[j * q + c];
                }
            }
        }
        return hsic(k, l) / Math.sqrt(hsic(k, k) * hsic(l, l));
    }

    private static double hsic(double[][] k, double[][] l) {
        int n = k.length;
        double[] rk = new double[n];
        double[] rl = new double[n];
        double tk = 0;
        double tl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rk[i] += k[i][j] / n;
                rl[i] += l[i][j] / n;
                tk += k[i][j] / ((double) n * n);
                tl += l[i][j] / ((double) n * n);
            }
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s += (k[i][j] - rk[i] - rk[j] + tk) * (l[i][j] - rl[i] - rl[j] + tl);
            }
        }
        return s;
    }

    private static double[] layer(float[] stack, int layer, int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = stack[layer * size + i];
        }
        return out;
    }

    @Test
    void layerStacksGiveTheFullMatrixWithStatistics() throws IOException {
        int n = 24;
        float[] x = gaussian(3 * n * 5);
        float[] y = gaussian(2 * n * 4);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("x", npy32(new int[] {3, n, 5}, x));
        parts.put("y", npy32(new int[] {2, n, 4}, y));
        Response response = postMultipart("/v1/similarity?estimator=debiased&permutations=19&bootstrap=10&seed=4", parts);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.body().get("layersX").asInt()).isEqualTo(3);
        assertThat(response.body().get("layersY").asInt()).isEqualTo(2);
        assertThat(response.body().get("n").asInt()).isEqualTo(n);
        assertThat(response.body().get("kernel").get("name").asString()).isEqualTo("linear");
        assertThat(response.body().get("estimator").asString()).isEqualTo("debiased");
        // the same upload with the default (biased) estimator: the textbook linear CKA
        Response biased = postMultipart("/v1/similarity", parts);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double expected = naiveLinearCka(layer(x, i, n * 5), 5, layer(y, j, n * 4), 4, n);
                assertThat(biased.body().get("matrix").get(i).get(j).asDouble()).isCloseTo(expected, within(1e-9));
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double value = response.body().get("matrix").get(i).get(j).asDouble();
                assertThat(value).isBetween(-1.0, 1.0);
                double p = response.body().get("pValues").get(i).get(j).asDouble();
                assertThat(p).isBetween(1.0 / 20, 1.0);
                assertThat(response.body().get("interval").get("lower").get(i).get(j).asDouble())
                        .isLessThanOrEqualTo(response.body().get("interval").get("upper").get(i).get(j).asDouble());
            }
        }
        assertThat(response.body().get("interval").get("confidence").asDouble()).isEqualTo(0.95);
    }

    @Test
    void twoDimensionalFloat64InputsGiveOneByOne() throws IOException {
        int n = 10;
        double[] x = new double[n * 3];
        double[] y = new double[n * 2];
        for (int i = 0; i < n; i++) {
            x[i * 3] = i;
            x[i * 3 + 1] = i * i;
            x[i * 3 + 2] = Math.sin(i);
            y[i * 2] = 2 * i + 1;
            y[i * 2 + 1] = Math.cos(i);
        }
        Response response = postMultipart("/v1/similarity?kernel=rbf&rbfThreshold=0.5&estimator=debiased",
                Map.of("x", npy64(new int[] {n, 3}, x), "y", npy64(new int[] {n, 2}, y)));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.body().get("matrix").size()).isEqualTo(1);
        assertThat(response.body().get("matrix").get(0).size()).isEqualTo(1);
        assertThat(response.body().get("kernel").get("rbfThreshold").asDouble()).isEqualTo(0.5);
        assertThat(response.body().get("method").asString()).isEqualTo("gram");
        assertThat(response.body().has("pValues")).isFalse();
        // without y, x is compared with itself: a symmetric layer x layer matrix with a unit diagonal
        float[] layers = gaussian(3 * n * 4);
        Response own = postMultipart("/v1/similarity", Map.of("x", npy32(new int[] {3, n, 4}, layers)));
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(own.body().get("matrix").get(i).get(i).asDouble()).isCloseTo(1.0, within(1e-12));
            for (int j = 0; j < 3; j++) {
                assertThat(own.body().get("matrix").get(i).get(j).asDouble()).isCloseTo(naiveLinearCka(
                        layer(layers, i, n * 4), 4, layer(layers, j, n * 4), 4, n), within(1e-9));
            }
        }
        // x vs itself through the API is 1
        Response self = postMultipart("/v1/similarity?kernel=polynomial&degree=2",
                Map.of("x", npy64(new int[] {n, 3}, x), "y", npy64(new int[] {n, 3}, x)));
        assertThat(self.body().get("matrix").get(0).get(0).asDouble()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() throws IOException {
        byte[] x = npy32(new int[] {8, 3}, gaussian(24));
        byte[] y = npy32(new int[] {8, 2}, gaussian(16));
        assertProblem(postMultipart("/v1/similarity", Map.of("y", y)), 422, "x: the part is missing");
        assertProblem(postMultipart("/v1/similarity?kernal=rbf", Map.of("x", x, "y", y)), 400,
                "kernal: unknown parameter");
        assertProblem(postMultipart("/v1/similarity?kernel=cosine", Map.of("x", x, "y", y)), 422,
                "kernel: unknown kernel 'cosine'");
        assertProblem(postMultipart("/v1/similarity?estimator=unbiased", Map.of("x", x, "y", y)), 422,
                "estimator: unknown estimator 'unbiased'");
        assertProblem(postMultipart("/v1/similarity?kernel=rbf&rbfThreshold=-1", Map.of("x", x, "y", y)), 422,
                "rbfThreshold: rbfThreshold must be between 0.001 and 1000.0");
        // the reproductions: both answered a matrix of NaN with 200
        assertProblem(postMultipart("/v1/similarity?kernel=rbf&rbfThreshold=1e-200", Map.of("x", x, "y", y)), 422,
                "rbfThreshold: rbfThreshold must be between");
        assertProblem(postMultipart("/v1/similarity?kernel=polynomial&coef0=1e40&degree=10", Map.of("x", x, "y", y)),
                422, "coef0: coef0 must satisfy |coef0|^degree <= 1e100");
        assertProblem(postMultipart("/v1/similarity?kernel=polynomial&degree=0", Map.of("x", x, "y", y)), 422,
                "degree: degree must be 1..10");
        assertProblem(postMultipart("/v1/similarity?permutations=-3", Map.of("x", x, "y", y)), 422,
                "permutations: permutations must be 0..10000");
        assertProblem(postMultipart("/v1/similarity?confidence=1.5", Map.of("x", x, "y", y)), 422, "confidence");
        assertProblem(postMultipart("/v1/similarity?bootstrap=10", Map.of("x", x, "y", y)), 422,
                "bootstrap: intervals need estimator=debiased");
        assertProblem(postMultipart("/v1/similarity?permutations=many", Map.of("x", x, "y", y)), 400, "permutations");
        assertProblem(postMultipart("/v1/similarity", Map.of("x", x, "y", "not an npy file".getBytes())), 422,
                "y: not a readable NPY array");
        assertProblem(postMultipart("/v1/similarity", Map.of("x", x, "y", npy32(new int[] {9, 2}, gaussian(18)))),
                422, "x has 8 rows (inputs) and y has 9");
        float[] nan = gaussian(16);
        nan[5] = Float.NaN;
        assertProblem(postMultipart("/v1/similarity", Map.of("x", x, "y", npy32(new int[] {8, 2}, nan))), 422,
                "y has the non-finite value NaN at layer 0, row 2, feature 1");
        assertProblem(postMultipart("/v1/similarity", Map.of("x", x, "y", npy32(new int[] {2, 2, 2, 2},
                gaussian(16)))), 422, "is neither [n, p] nor [layers, n, p]");
        assertProblem(postMultipart("/v1/similarity?estimator=debiased", Map.of("x", npy32(new int[] {3, 2},
                gaussian(6)), "y", npy32(new int[] {3, 2}, gaussian(6)))), 422, "at least 4 inputs, got 3");
    }

    private static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.body().get("detail").asString()).contains(detail);
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
