package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Activations the caller brings, uploaded through the gateway, get CKA from cka-service.
 */
class OwnActivationsIT extends PlatformScenario {

    @Test
    void ownActivationsUploadedThroughTheGatewayGetCkaFromCkaService() throws Exception {
        java.util.Random random = new java.util.Random(17);
        int n = 12;
        double[][][] x = new double[2][n][6];
        double[][] y = new double[n][4];
        float[] xValues = new float[2 * n * 6];
        double[] yValues = new double[n * 4];
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 6; d++) {
                    float v = (float) random.nextGaussian();
                    xValues[(l * n + i) * 6 + d] = v;
                    x[l][i][d] = v;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 4; d++) {
                y[i][d] = random.nextGaussian() + (d == 0 ? x[1][i][0] : 0);
                yValues[i * 4 + d] = y[i][d];
            }
        }
        java.io.ByteArrayOutputStream xNpy = new java.io.ByteArrayOutputStream();
        io.mossa.tensor.npy.NpyWriter.writeFloat32(xNpy, new int[] {2, n, 6}, xValues);
        java.io.ByteArrayOutputStream yNpy = new java.io.ByteArrayOutputStream();
        io.mossa.tensor.npy.NpyWriter.writeFloat64(yNpy, new int[] {n, 4}, yValues);

        HttpResponse<String> response = postMultipart("/api/v1/similarity?permutations=9",
                xNpy.toByteArray(), yNpy.toByteArray());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("layersX").asInt()).isEqualTo(2);
        assertThat(body.get("layersY").asInt()).isEqualTo(1);
        for (int l = 0; l < 2; l++) {
            assertThat(body.get("matrix").get(l).get(0).asDouble()).isCloseTo(NaiveCka.cka(x[l], y), within(1e-9));
            assertThat(body.get("pValues").get(l).get(0).asDouble()).isBetween(0.1, 1.0);
        }
        assertProblem(postMultipart("/api/v1/similarity?kernel=cosine", xNpy.toByteArray(), yNpy.toByteArray()), 422,
                "kernel: unknown kernel 'cosine'");

        // the other measures pass through the gateway with their kind and range; a foreign option is named
        HttpResponse<String> procrustes = postMultipart("/api/v1/similarity?measure=procrustes",
                xNpy.toByteArray(), yNpy.toByteArray());
        assertThat(procrustes.statusCode()).as(procrustes.body()).isEqualTo(200);
        JsonNode distance = JSON.readTree(procrustes.body());
        assertThat(distance.get("measure").asString()).isEqualTo("procrustes");
        assertThat(distance.get("kind").asString()).isEqualTo("distance");
        assertThat(distance.get("matrix").get(0).get(0).asDouble()).isBetween(0.0, 2.0);
        assertProblem(postMultipart("/api/v1/similarity?measure=cca&kernel=rbf", xNpy.toByteArray(),
                yNpy.toByteArray()), 400, "kernel: not an option of measure 'cca'");
    }
}
