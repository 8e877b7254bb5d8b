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
import io.mossa.cka.similarity.Matrices;
import io.mossa.cka.similarity.measure.Textbook;
import io.mossa.tensor.npy.NpyWriter;
import tools.jackson.databind.JsonNode;

/** POST /v1/similarity with measures other than CKA over real HTTP: values, statistics, documentation, refusals. */
class MeasureApiTest extends AbstractServiceTest {

    private final Random random = new Random(7);

    private double[][] gaussian(int n, int p) {
        return Matrices.gaussian(random, n, p);
    }

    private static byte[] npy(double[][]... layers) throws IOException {
        int n = layers[0].length;
        int p = layers[0][0].length;
        double[] flat = Matrices.flatten(layers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat64(out, new int[] {layers.length, n, p}, flat);
        return out.toByteArray();
    }

    private Map<String, byte[]> parts(byte[] x, byte[] y) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("x", x);
        parts.put("y", y);
        return parts;
    }

    @Test
    void aDistanceMeasureAnswersItsMatrixKindAndRange() throws IOException {
        double[][] x0 = gaussian(30, 5);
        double[][] x1 = gaussian(30, 5);
        double[][] y0 = Textbook.multiply(x0, gaussian(5, 4));
        Response response = postMultipart("/v1/similarity?measure=procrustes", parts(npy(x0, x1), npy(y0)));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("measure").asString()).isEqualTo("procrustes");
        assertThat(body.get("kind").asString()).isEqualTo("distance");
        assertThat(body.get("range").get(1).asDouble()).isEqualTo(2.0);
        assertThat(body.get("method").asString()).isEqualTo("svd");
        assertThat(body.has("kernel")).isFalse();
        assertThat(body.has("estimator")).isFalse();
        assertThat(body.get("matrix").get(0).get(0).asDouble()).isCloseTo(Textbook.procrustes(x0, y0), within(1e-9));
        assertThat(body.get("matrix").get(1).get(0).asDouble()).isCloseTo(Textbook.procrustes(x1, y0), within(1e-9));
    }

    @Test
    void measureOptionsAndStatisticsComeBack() throws IOException {
        double[][] x = gaussian(40, 6);
        double[][] y = Textbook.multiply(x, gaussian(6, 6));
        Response knn = postMultipart("/v1/similarity?measure=mutual-knn&k=4&permutations=19&seed=3",
                parts(npy(x), npy(y)));
        assertThat(knn.status()).as(knn.text()).isEqualTo(200);
        assertThat(knn.body().get("options").get("k").asInt()).isEqualTo(4);
        assertThat(knn.body().get("matrix").get(0).get(0).asDouble())
                .isCloseTo(Textbook.mutualKnn(x, y, 4), within(1e-12));
        assertThat(knn.body().get("pValues").get(0).get(0).asDouble()).isEqualTo(1.0 / 20);
        Response rsa = postMultipart("/v1/similarity?measure=rsa&bootstrap=10&confidence=0.9",
                parts(npy(x), npy(y)));
        assertThat(rsa.status()).as(rsa.text()).isEqualTo(200);
        assertThat(rsa.body().get("interval").get("lower").get(0).get(0).asDouble())
                .isLessThanOrEqualTo(rsa.body().get("matrix").get(0).get(0).asDouble());
        Response svcca = postMultipart("/v1/similarity?measure=svcca&svccaVariance=0.9", parts(npy(x), npy(y)));
        assertThat(svcca.status()).as(svcca.text()).isEqualTo(200);
        assertThat(svcca.body().get("options").get("svccaVariance").asDouble()).isEqualTo(0.9);
    }

    @Test
    void theOpenApiDocumentNamesEveryMeasuresConvention() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        String text = docs.text();
        for (String fragment : new String[] {"angular-shape: distance in [0, pi/2]", "procrustes: distance in [0, 2]",
            "pwcca: similarity in [0, 1], asymmetric", "rsa: similarity in [-1, 1]", "knn-jaccard", "mutual-knn",
            "linear-regression: similarity in [0, 1], asymmetric", "svccaVariance"}) {
            assertThat(text).contains(fragment);
        }
    }

    @Test
    void badMeasuresAndForeignOptionsAreNamed() throws IOException {
        byte[] x = npy(gaussian(24, 3));
        byte[] y = npy(gaussian(24, 2));
        assertProblem(postMultipart("/v1/similarity?measure=cosine", parts(x, y)), 400,
                "measure: unknown measure 'cosine'");
        assertProblem(postMultipart("/v1/similarity?measure=cca&kernel=rbf", parts(x, y)), 400,
                "kernel: not an option of measure 'cca'; it applies to cka");
        assertProblem(postMultipart("/v1/similarity?k=5", parts(x, y)), 400,
                "k: not an option of measure 'cka'; it applies to knn-jaccard, mutual-knn");
        assertProblem(postMultipart("/v1/similarity?measure=rsa&svccaVariance=0.5", parts(x, y)), 400,
                "svccaVariance: not an option of measure 'rsa'");
        assertProblem(postMultipart("/v1/similarity?measure=svcca&svccaVariance=2", parts(x, y)), 422,
                "svccaVariance must be in (0, 1]");
        assertProblem(postMultipart("/v1/similarity?measure=cca&bootstrap=5", parts(x, y)), 422,
                "bootstrap: subsampling intervals are not offered for cca");
        assertProblem(postMultipart("/v1/similarity?measure=knn-jaccard&k=24", parts(x, y)), 422,
                "k: k must be below n = 24");
        // 8 layers of 12,000 inputs: 8 RDMs of 72 million dissimilarities exceed the 4 GB budget
        double[][][] layers = new double[8][][];
        for (int l = 0; l < 8; l++) {
            layers[l] = gaussian(12_000, 1);
        }
        assertProblem(postMultipart("/v1/similarity?measure=rsa", Map.of("x", npy(layers))), 422,
                "above the memory budget");
    }

    private static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.body().get("detail").asString()).contains(detail);
    }
}
