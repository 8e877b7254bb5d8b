package io.mossa.gateway.e2e;

import static io.mossa.gateway.e2e.PlatformScenario.find;
import static io.mossa.gateway.e2e.PlatformScenario.layerMatrix;
import static io.mossa.gateway.e2e.ScalePlatform.C;
import static io.mossa.gateway.e2e.ScalePlatform.E;
import static io.mossa.gateway.e2e.ScalePlatform.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mossa.tensor.npy.NpyArray;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The paper's workload shape at CI size on the real platform: 60 tasks in 12 clusters uploaded in one gzip stream
 * (200 examples each), stored at most at twice their bytes, a new version storing only what changed, an experiment
 * over every task and layer whose CKA matches a naive computation, and 413s that name cka-service's limit.
 */
class ScaleIT {

    private static final int PER_TASK = 200;
    /** cka-service's body limit here: small, so that an inline experiment passes it but not the gateway's. */
    private static final int CKA_MAX_REQUEST_BYTES = 300_000;
    private static ScalePlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new ScalePlatform(Path.of("target", "it-logs", "scale"),
                "--mossa.cka.max-request-bytes=" + CKA_MAX_REQUEST_BYTES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPaperShapedTaskSetIsUploadedStoredCompactlyAndRun() throws Exception {
        HttpResponse<String> created = platform.post("/api/v1/task-sets", "application/json",
                HttpRequest.BodyPublishers.ofString(ScalePlatform.definition("paper")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Path file = ScalePlatform.writeUpload(platform.work.resolve("examples.jsonl.gz"), PER_TASK);
        HttpResponse<String> uploaded = platform.post("/api/v1/task-sets/paper/examples", "application/x-ndjson",
                HttpRequest.BodyPublishers.ofFile(file));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode summary = JSON.readTree(uploaded.body());
        assertThat(summary.get("version").asInt()).isEqualTo(2);
        assertThat(summary.get("rows").asLong()).isEqualTo(60L * PER_TASK);
        assertThat(summary.get("tasks").size()).isEqualTo(60);
        assertThat(summary.get("uploadBytes").asLong()).isEqualTo(Files.size(file));
        assertThat(summary.get("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));

        // PostgreSQL holds the rows in at most twice their bytes (row headers, index and all)
        long stored = platform.queryLong("SELECT pg_total_relation_size('cka.example_row')");
        long raw = platform.queryLong("SELECT sum(octet_length(value)) FROM cka.example_row");
        assertThat(raw).isGreaterThanOrEqualTo(summary.get("bytes").asLong());
        assertThat((double) stored / raw).as("stored bytes per raw byte").isLessThanOrEqualTo(2.0);

        // a new version of one task stores that task's rows only: the other 59 are shared
        long rowsBefore = platform.queryLong("SELECT count(*) FROM cka.example_row");
        StringBuilder one = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            one.append("{\"context\": \"replacement ").append(i).append("\", \"question\": \"why?\", \"options\": \"a\"}\n");
        }
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        platform.gateway.url() + "/api/v1/task-sets/paper/tasks/nli_1/examples"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", platform.adminKey)
                .PUT(HttpRequest.BodyPublishers.ofString(one.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(platform.queryLong("SELECT count(*) FROM cka.example_row")).isEqualTo(rowsBefore + 30);
        assertThat(platform.queryLong("SELECT count(DISTINCT block_id) FROM cka.task_set_task"
                + " WHERE task_set_id = 'paper' AND version IN (2, 3)")).isEqualTo(61);

        // an experiment over all 60 tasks, every layer, last-token pooling
        ObjectNode experiment = JSON.createObjectNode().put("name", "scale: 60 tasks").put("experimentalModel", E)
                .put("controlModel", C).put("baselineModel", C).put("taskSet", "paper").put("taskSetVersion", 2)
                .put("examplesPerTask", 4).put("pooling", "last");
        HttpResponse<String> submitted = platform.post("/api/v1/experiments", "application/json",
                HttpRequest.BodyPublishers.ofString(experiment.toString()));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = platform.awaitFinished(location, Duration.ofMinutes(10));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode results = JSON.readTree(platform.get(location + "/results").body()).get("results");
        assertThat(results.size()).isEqualTo(2 * 60);

        // E vs C recomputed naively for a held-out task and another, from prompts rendered here
        for (String task : List.of("nli_0", "summarize_3")) {
            List<String> prompts = prompts(task, 4);
            NpyArray e = activations(E, prompts);
            NpyArray c = activations(C, prompts);
            JsonNode experimental = find(results, task, "experimental");
            assertThat(experimental.get("heldOut").asBoolean()).isEqualTo(task.endsWith("_0"));
            for (JsonNode value : experimental.get("values")) {
                int layer = value.get("layerX").asInt();
                double expected = NaiveCka.cka(layerMatrix(e, layer), layerMatrix(c, layer));
                assertThat(value.get("cka").asDouble()).as("%s layer %d", task, layer).isCloseTo(expected,
                        within(1e-9));
            }
        }

        resultsPageTellsTwelveClustersAndTheirHeldOutTasksApart(done.get("id").asString());
        nothingWasCopiedPerExperiment(done.get("id").asString(), experiment);

        for (ServiceProcess service : List.of(platform.gateway, platform.cka, platform.extractor)) {
            long peak = ScalePlatform.peakRssMiB(service);
            System.out.println("peak RSS " + service.url() + ": " + peak + " MiB");
        }
    }

    /**
     * The experiment refers to the task set's data: its rows hold no prompts and grow with its tasks, not their
     * examples (copied, 4 examples of ~480 bytes would add ~1.9 KB per task); its view and a list of experiments
     * hold no definition, and the definition reads back as submitted. A second experiment over every example (200
     * per task) adds no more bytes per task than the first.
     */
    private static void nothingWasCopiedPerExperiment(String id, ObjectNode submitted) throws Exception {
        assertThat(platform.queryLong("SELECT count(*) FROM cka.experiment_task WHERE experiment_id = '" + id
                + "' AND prompts IS NOT NULL")).isZero();
        long taskBytes = platform.queryLong("SELECT sum(pg_column_size(t.*)) FROM cka.experiment_task t"
                + " WHERE experiment_id = '" + id + "'");
        assertThat(taskBytes / 60).as("bytes per task row").isLessThan(256);
        long experimentBytes = platform.queryLong("SELECT pg_column_size(e.*) FROM cka.experiment e WHERE id = '"
                + id + "'");
        assertThat(experimentBytes).as("bytes of the experiment's row").isLessThan(4096);
        assertThat(JSON.readTree(platform.get("/api/v1/experiments/" + id).body()).has("definition")).isFalse();
        assertThat(JSON.readTree(platform.get("/api/v1/experiments/" + id + "/definition").body()))
                .isEqualTo(submitted);

        ObjectNode everyExample = submitted.deepCopy().put("name", "scale: every example");
        everyExample.remove("examplesPerTask");
        HttpResponse<String> all = platform.post("/api/v1/experiments", "application/json",
                HttpRequest.BodyPublishers.ofString(everyExample.toString()));
        assertThat(all.statusCode()).as(all.body()).isEqualTo(202);
        JsonNode view = JSON.readTree(all.body());
        String other = view.get("id").asString();
        assertThat(view.get("tasks").get(0).get("n").asInt()).isEqualTo(PER_TASK);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.gateway.url()
                + "/api/v1/experiments/" + other + "/cancel")).header("X-API-Key", platform.adminKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(platform.queryLong("SELECT sum(pg_column_size(t.*)) FROM cka.experiment_task t"
                + " WHERE experiment_id = '" + other + "'")).as("50 times the examples, the same bytes")
                .isLessThanOrEqualTo(taskBytes + 60 * 8);
        String list = platform.get("/api/v1/experiments?limit=50").body();
        assertThat(list).doesNotContain("\"definition\"").doesNotContain("\"tasks\"");
        JsonNode items = JSON.readTree(list).get("experiments");
        assertThat(items.size()).isGreaterThanOrEqualTo(2);
        assertThat(list.length() / items.size()).as("bytes per list item").isLessThan(2048);
    }

    /** An experiment under the gateway's body limit but over cka-service's: a 413 naming cka-service's property. */
    @Test
    void anExperimentOverCkaServicesBodyLimitIsA413NamingItsProperty() throws Exception {
        ObjectNode experiment = JSON.createObjectNode().put("name", "scale: too large for cka-service")
                .put("experimentalModel", E).put("controlModel", C).put("pooling", "last");
        ArrayNode tasks = experiment.putArray("tasks");
        for (int k = 0; k < 10; k++) {
            ObjectNode task = tasks.addObject().put("name", "t" + k).put("cluster", "c").put("controlModel", C);
            ArrayNode prompts = task.putArray("prompts");
            for (int i = 0; i < 80; i++) {
                prompts.add("prompt " + k + "-" + i + " " + "padding ".repeat(60));
            }
        }
        assertThat(experiment.toString().length()).isGreaterThan(CKA_MAX_REQUEST_BYTES);
        HttpResponse<String> refused = platform.post("/api/v1/experiments", "application/json",
                HttpRequest.BodyPublishers.ofString(experiment.toString()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("property").asString()).isEqualTo("mossa.cka.max-request-bytes");
        // the gateway streams the body (no length to refuse up front): cka-service finds the limit while reading
        assertThat(problem.get("detail").asString()).isEqualTo("cka-service refused the request: request body "
                + "exceeds the limit of " + CKA_MAX_REQUEST_BYTES + " bytes (mossa.cka.max-request-bytes)");
    }

    /**
     * The results page in Chromium on this 12-cluster experiment: a curve per cluster and per cluster's held-out
     * tasks (24), twelve colours for twelve clusters, held-out curves dashed in their cluster's colour.
     */
    private static void resultsPageTellsTwelveClustersAndTheirHeldOutTasksApart(String id) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.installed();
        URI page = URI.create(platform.gateway.url() + "/?experiment=" + id);
        HeadlessChromium.Page loaded = chromium.loadUntil(page, dom -> dom.contains("data-state=\"ready\"")
                && dom.contains("data-status=\"SUCCEEDED\""), Duration.ofMinutes(2));
        org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(loaded.dom());
        assertThat(dom.getElementById("errors").text()).as("errors the page reported").isEmpty();
        assertThat(loaded.console()).noneMatch(line -> line.contains("Uncaught") || line.contains("Error"));
        org.jsoup.select.Elements series = dom.select("#curves-chart g.series");
        assertThat(series).hasSize(24);
        List<String> trained = new ArrayList<>();
        for (org.jsoup.nodes.Element s : series) {
            boolean heldOut = s.attr("data-group").endsWith(":held-out");
            assertThat(s.select("path.series-line").attr("stroke-dasharray")).isEqualTo(heldOut ? "6 4" : "");
            if (!heldOut) {
                trained.add(s.attr("stroke"));
            }
        }
        assertThat(trained).hasSize(12).doesNotHaveDuplicates();
        chromium.screenshot(page, Path.of("target", "it-logs", "scale", "results-12-clusters.png"), 1400, 1800, 20000);
    }

    /** The first n examples of a task rendered with its templates, example i with template i mod 2. */
    private static List<String> prompts(String task, int n) throws Exception {
        JsonNode set = JSON.readTree(platform.get("/api/v1/task-sets/paper/versions/2").body());
        JsonNode templates = null;
        for (JsonNode t : set.get("tasks")) {
            if (t.get("name").asString().equals(task)) {
                templates = t.get("templates");
            }
        }
        String[] lines = platform.get("/api/v1/task-sets/paper/versions/2/tasks/" + task + "/examples?limit=" + n)
                .body().split("\n");
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode example = JSON.readTree(lines[i]);
            prompts.add(templates.get(i % templates.size()).asString()
                    .replace("{context}", example.get("context").asString())
                    .replace("{question}", example.get("question").asString())
                    .replace("{options}", example.get("options").asString()));
        }
        return prompts;
    }

    private static NpyArray activations(String model, List<String> prompts) throws Exception {
        return PlatformScenario.activations(platform.extractor.url(), model, "last", prompts);
    }
}
