package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;

import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An end-to-end scenario on the shared, started {@link Platform}: the HTTP calls, waits and database reads every
 * scenario uses. A scenario depends on no other having run: it submits what it reads and computes its own
 * references.
 */
@ExtendWith(PlatformExtension.class)
abstract class PlatformScenario {

    static final String E = "all-minilm-l6-v2-q";
    static final String C = "all-minilm-l6-v2";
    static final Path ROOT = Platform.ROOT;
    static final Path LOGS = Platform.LOGS;
    static final String ADMIN_KEY = Platform.ADMIN_KEY;
    static final Duration KEY_CACHE_TTL = Platform.KEY_CACHE_TTL;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    protected static Platform platform() {
        try {
            return Platform.shared();
        } catch (Exception e) {
            throw new IllegalStateException("the platform did not start", e);
        }
    }

    protected static ServiceProcess gateway() {
        return platform().gateway();
    }

    protected static ServiceProcess cka() {
        return platform().cka();
    }

    protected static ServiceProcess extractor() {
        return platform().extractor();
    }

    protected static EmbeddedPostgres postgres() {
        return platform().postgres();
    }

    /**
     * The definition the fault and lifecycle scenarios run (the demo tasks, 12 examples, three layers), submitted
     * under {@code name}; returns its location.
     */
    protected static String submitReferenceDefinition(String name) throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", name)
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "demo").put("pooling", "last")
                .put("examplesPerTask", 12);
        definition.putArray("layers").add(1).add(3).add(6);
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return submitted.headers().firstValue("Location").orElseThrow();
    }

    /** The results of the reference definition run undisturbed now: what a disturbed run must still give. */
    protected static JsonNode referenceResults(String name) throws Exception {
        String location = submitReferenceDefinition(name);
        assertThat(awaitFinished(location).get("status").asString()).isEqualTo("SUCCEEDED");
        return JSON.readTree(get(location + "/results").body()).get("results");
    }

    /** The experiment's results equal the reference's, value for value. */
    protected static void assertSameResults(String location, JsonNode reference) throws Exception {
        JsonNode actual = JSON.readTree(get(location + "/results").body()).get("results");
        assertThat(actual.size()).isEqualTo(reference.size());
        for (JsonNode result : reference) {
            JsonNode match = find(actual, result.get("task").asString(), result.get("comparison").asString());
            for (int i = 0; i < result.get("values").size(); i++) {
                assertThat(match.get("values").get(i).get("cka").asDouble())
                        .isEqualTo(result.get("values").get(i).get("cka").asDouble());
            }
        }
    }

    /** A small experiment (two demo examples per task, the last layer), run to SUCCEEDED; returns its status. */
    protected static JsonNode runSmallExperiment(String name) throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", name).put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo").put("examplesPerTask", 2).put("pooling", "last");
        definition.putArray("layers").add(6);
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode done = awaitFinished(submitted.headers().firstValue("Location").orElseThrow());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return done;
    }

    protected static NpyArray activations(String model, List<String> prompts) throws Exception {
        return activations(extractor().url(), model, "mean", prompts);
    }

    /** Every layer's activations of {@code prompts}, fetched straight from the extractor at {@code extractorUrl}. */
    static NpyArray activations(String extractorUrl, String model, String pooling, List<String> prompts)
            throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", model).put("pooling", pooling);
        ArrayNode inputs = request.putArray("inputs");
        prompts.forEach(p -> inputs.addObject().put("text", p));
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(extractorUrl + "/v1/activations"))
                .header("Content-Type", "application/json").header("Accept", "application/x-npy")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return new NpyReader(100_000_000).read(new ByteArrayInputStream(response.body()));
    }

    /** Layer {@code layer} of a [layers, inputs, dim] array, assuming layers 0..L were requested. */
    protected static double[][] layerMatrix(NpyArray array, int layer) {
        int n = array.shape()[1];
        int dim = array.shape()[2];
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(array.data(), (layer * n + i) * dim, x[i], 0, dim);
        }
        return x;
    }

    protected static JsonNode find(JsonNode results, String task, String comparison) {
        for (JsonNode result : results) {
            if (result.get("task").asString().equals(task) && result.get("comparison").asString().equals(comparison)) {
                return result;
            }
        }
        throw new AssertionError("no " + comparison + " result for task " + task);
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(detail);
    }

    protected static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, ADMIN_KEY);
    }

    /** A JSON POST to the gateway with this X-API-Key (null: none). */
    protected static HttpResponse<String> post(String path, String body, String apiKey) throws Exception {
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway().url() + path)), apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static HttpResponse<String> send(String method, String path, String apiKey) throws Exception {
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway().url() + path)), apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the admin key, an optional JSON body and an optional Idempotency-Key. */
    protected static HttpResponse<String> send(String method, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway().url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        request.header("X-API-Key", ADMIN_KEY);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static HttpRequest.Builder withKey(HttpRequest.Builder request, String apiKey) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    protected static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway().url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected static HttpResponse<String> postMultipart(String path, byte[] x, byte[] y) throws Exception {
        return postMultipart(path, x, y, ADMIN_KEY);
    }

    protected static HttpResponse<String> postMultipart(String path, byte[] x, byte[] y, String apiKey) throws Exception {
        String boundary = "platform-it-7f3";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (String name : new String[] {"x", "y"}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"" + name + ".npy\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.writeBytes(name.equals("x") ? x : y);
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway().url() + path)), apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode awaitFinished(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(get(location).body());
            String state = status.get("status").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("experiment " + location + " did not finish; cka-service log:\n" + cka().logTail());
    }

    protected static void awaitUnitsDone(String location, int units) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode status = JSON.readTree(get(location).body());
        while (status.at("/progress/unitsDone").asInt() < units && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = JSON.readTree(get(location).body());
        }
        assertThat(status.get("status").asString()).as("still running").isEqualTo("RUNNING");
    }

    /** DONE work units of an experiment with the time they were finished. */
    protected static Map<UUID, Timestamp> doneUnits(UUID experiment) throws Exception {
        Map<UUID, Timestamp> done = new java.util.HashMap<>();
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select id, updated_at from cka.work_unit where experiment_id = ? and state = 'DONE'")) {
            query.setObject(1, experiment);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    done.put(rows.getObject(1, UUID.class), rows.getTimestamp(2));
                }
            }
        }
        return done;
    }

    /** Waits until no experiment is PENDING or RUNNING. */
    protected static void awaitIdleQueue() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean idle = true;
            for (String status : List.of("PENDING", "RUNNING")) {
                JsonNode page = JSON.readTree(get("/api/v1/experiments?limit=1&status=" + status).body());
                idle &= page.get("experiments").isEmpty();
            }
            if (idle) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("experiments still queued after 10 minutes");
    }
}
