package io.mossa.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyReader;

/**
 * The numbers the containers must reproduce, made without them: the extractor-service jar the reactor just
 * built runs as a plain process on this machine (as in the end-to-end tests), gives the mean-pooled
 * activations of every layer for each task's prompts, and linear CKA is computed here from its definition
 * in float64 (feature-space form: ||Yc' Xc||_F^2 / (||Xc' Xc||_F ||Yc' Yc||_F) with column-centred X, Y),
 * independently of cka-service's code and of the database and gateway in between.
 */
final class ReferenceCka {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReferenceCka() {
    }

    /** task -> CKA per layer (index = layer) between {@code x} and {@code y} on the task's prompts. */
    static Map<String, double[]> compute(String x, String y, Map<String, List<String>> prompts, Path logs)
            throws Exception {
        int port = StackPorts.free();
        Files.createDirectories(logs);
        Process extractor = new ProcessBuilder("java", "-Xmx2g", "-Dai.djl.offline=true", "-jar",
                Repository.file("extractor-service/target/extractor-service.jar").toString(), "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(logs.resolve("reference-extractor.log").toFile()).start();
        try {
            String url = "http://localhost:" + port;
            awaitReady(url, extractor, Duration.ofMinutes(3));
            Map<String, double[]> cka = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> task : prompts.entrySet()) {
                NpyArray a = activations(url, x, task.getValue());
                NpyArray b = activations(url, y, task.getValue());
                double[] perLayer = new double[a.shape()[0]];
                for (int layer = 0; layer < perLayer.length; layer++) {
                    perLayer[layer] = linearCka(layer(a, layer), layer(b, layer));
                }
                cka.put(task.getKey(), perLayer);
            }
            return cka;
        } finally {
            extractor.destroy();
            if (!extractor.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                extractor.destroyForcibly();
            }
        }
    }

    static double linearCka(double[][] x, double[][] y) {
        double[][] xc = centreColumns(x);
        double[][] yc = centreColumns(y);
        double cross = squaredFrobenius(transposeTimes(yc, xc));
        return cross / Math.sqrt(squaredFrobenius(transposeTimes(xc, xc)) * squaredFrobenius(transposeTimes(yc, yc)));
    }

    private static double[][] centreColumns(double[][] m) {
        int n = m.length;
        int d = m[0].length;
        double[][] c = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                c[i][j] = m[i][j] - mean;
            }
        }
        return c;
    }

    /** A' B for n x p A and n x q B. */
    private static double[][] transposeTimes(double[][] a, double[][] b) {
        double[][] product = new double[a[0].length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < a[0].length; p++) {
                for (int q = 0; q < b[0].length; q++) {
                    product[p][q] += a[i][p] * b[i][q];
                }
            }
        }
        return product;
    }

    private static double squaredFrobenius(double[][] m) {
        double sum = 0;
        for (double[] row : m) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return sum;
    }

    /** Layer {@code layer} of a [layers, inputs, width] array. */
    private static double[][] layer(NpyArray array, int layer) {
        int n = array.shape()[1];
        int width = array.shape()[2];
        double[][] rows = new double[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(array.data(), (layer * n + i) * width, rows[i], 0, width);
        }
        return rows;
    }

    private static NpyArray activations(String url, String model, List<String> prompts) throws Exception {
        StringBuilder inputs = new StringBuilder();
        for (String prompt : prompts) {
            inputs.append(inputs.isEmpty() ? "" : ",").append("{\"text\":").append(quote(prompt)).append('}');
        }
        String body = "{\"model\":" + quote(model) + ",\"pooling\":\"mean\",\"inputs\":[" + inputs + "]}";
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/activations"))
                .header("Content-Type", "application/json").header("Accept", "application/x-npy")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("reference extractor answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new NpyReader(100_000_000).read(new ByteArrayInputStream(response.body()));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static void awaitReady(String url, Process process, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the reference extractor exited with " + process.exitValue()
                        + "; see target/stack-logs/reference-extractor.log");
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the reference extractor was not ready after " + timeout);
    }
}
