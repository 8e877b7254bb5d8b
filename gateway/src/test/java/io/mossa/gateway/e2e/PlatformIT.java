package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole platform as it runs in production: the three executable jars as separate processes, talking HTTP,
 * cka-service on a real (embedded) PostgreSQL server given by JDBC URL, and the real bundled ONNX models.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {

    private static final String E = "all-minilm-l6-v2-q";
    private static final String C = "all-minilm-l6-v2";
    private static final Path ROOT = Path.of(System.getProperty("mossa.root", ".."));
    private static final Path LOGS = Path.of("target", "it-logs");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The gateway's admin key in this run; every write below sends it unless a test says otherwise. */
    private static final String ADMIN_KEY = "platform-it-admin-" + UUID.randomUUID();
    /** The gateway's key cache TTL here: short, so that the revocation test need not wait long. */
    private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Results of the undisturbed run in the extractor fault test, the reference of the later fault tests. */
    private static JsonNode undisturbedResults;

    private static EmbeddedPostgres postgres;
    private static int postgresPort;
    private static Path postgresData;
    /** The extractor's only model root: where the registration test puts its model directory. */
    private static Path modelRoot;
    private static ServiceProcess extractor;
    private static ServiceProcess cka;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startPlatform() throws Exception {
        postgresPort = ServiceProcess.freePort();
        postgresData = java.nio.file.Files.createTempDirectory("mossa-it-pg");
        postgres = startPostgres();
        modelRoot = java.nio.file.Files.createTempDirectory("mossa-it-model-root").toRealPath();
        extractor = ServiceProcess.start("extractor-service",
                ROOT.resolve("extractor-service/target/extractor-service.jar"), LOGS,
                "--mossa.extractor.model-roots=" + modelRoot);
        cka = ServiceProcess.start("cka-service", ROOT.resolve("cka-service/target/cka-service.jar"), LOGS,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor.url(),
                // an unavailable extractor: short retries, then the unit waits a second and is tried again
                "--mossa.cka.retry-backoff=200ms", "--mossa.cka.defer-delay=1s",
                // a unit whose worker lost the database mid-way is claimed again soon after
                "--mossa.cka.lease-seconds=10",
                // every activation really comes from the extractor here, so that the fault test below is one
                "--mossa.cka.activation-cache.enabled=false");
        extractor.awaitReady(Duration.ofMinutes(3));
        cka.awaitReady(Duration.ofMinutes(3));
        gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway/target/gateway.jar"), LOGS,
                "--mossa.gateway.extractor-url=" + extractor.url(), "--mossa.gateway.cka-url=" + cka.url(),
                "--mossa.gateway.admin-key=" + ADMIN_KEY,
                "--mossa.gateway.api-key-cache-ttl=" + KEY_CACHE_TTL.toMillis() + "ms");
        gateway.awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                service.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        for (Path temporary : new Path[] {postgresData, modelRoot}) {
            if (temporary != null) {
                try (var files = java.nio.file.Files.walk(temporary)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Test
    @Order(1)
    void experimentRunsEndToEndAndItsCkaMatchesAnIndependentComputation() throws Exception {
        ObjectNode definition = JSON.createObjectNode()
                .put("name", "e2e: quantized vs fp32")
                .put("experimentalModel", E)
                .put("controlModel", C)
                .put("baselineModel", C)
                .put("taskSet", "demo")
                .put("examplesPerTask", 6)
                .put("pooling", "mean");
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(done.at("/progress/unitsTotal").asInt());

        JsonNode results = JSON.readTree(get(location + "/results").body()).get("results");
        JsonNode taskSet = JSON.readTree(get("/api/v1/task-sets/demo").body());
        int tasks = taskSet.get("tasks").size();
        assertThat(results.size()).isEqualTo(2 * tasks);

        for (JsonNode result : results) {
            assertThat(result.get("n").asInt()).isEqualTo(6);
            assertThat(result.get("values").size()).isEqualTo(7);
            if (result.get("comparison").asString().equals("baseline")) {
                // B and C_t are the same model on the same prompts: identical representations, CKA exactly 1
                for (JsonNode value : result.get("values")) {
                    assertThat(value.get("cka").asDouble()).isCloseTo(1.0, within(1e-9));
                }
            }
        }

        // Recompute E vs C for the first task from activations fetched straight from the extractor.
        JsonNode firstTask = taskSet.get("tasks").get(0);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            prompts.add(firstTask.get("prompts").get(i).asString());
        }
        NpyArray e = activations(E, prompts);
        NpyArray c = activations(C, prompts);
        JsonNode experimental = find(results, firstTask.get("name").asString(), "experimental");
        for (JsonNode value : experimental.get("values")) {
            int layer = value.get("layerX").asInt();
            double expected = NaiveCka.cka(layerMatrix(e, layer), layerMatrix(c, layer));
            assertThat(value.get("cka").asDouble()).as("layer %d", layer).isCloseTo(expected, within(1e-9));
            assertThat(expected).isBetween(0.0, 1.0 + 1e-12);
        }

        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*), min(n), max(n) from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, UUID.fromString(done.get("id").asString()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2 * tasks);
                assertThat(rows.getInt(2)).isEqualTo(6);
                assertThat(rows.getInt(3)).isEqualTo(6);
            }
        }

        HttpResponse<String> table = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + location + "/results"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(table.statusCode()).isEqualTo(200);
        assertThat(table.body()).contains("layer").contains("mean").contains(firstTask.get("name").asString());

        exportsAndPlotsOfTheFinishedExperiment(location, results, taskSet);
    }

    /** The CSV export holds exactly the JSON values; the SVG plots parse and draw what the experiment holds. */
    private static void exportsAndPlotsOfTheFinishedExperiment(String location, JsonNode results, JsonNode taskSet)
            throws Exception {
        HttpResponse<String> csv = get(location + "/results.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo("comparison,model_x,model_y,task,cluster,layer_x,layer_y,value,held_out,split,"
                + "p_value,ci_low,ci_high");
        assertThat(rows).hasSize(1 + results.size() * 7);
        JsonNode first = results.get(0);
        JsonNode firstValue = first.get("values").get(0);
        assertThat(rows[1]).contains("," + firstValue.get("layerX").asInt() + "," + firstValue.get("layerY").asInt()
                + "," + firstValue.get("cka").asDouble() + ",");
        String etag = csv.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + location
                + "/results.csv")).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<String> curves = get(location + "/plots/curves.svg");
        assertThat(curves.statusCode()).as(curves.body()).isEqualTo(200);
        org.w3c.dom.Document svg = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(curves.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long clusters = java.util.stream.StreamSupport.stream(taskSet.get("tasks").spliterator(), false)
                .map(t -> t.get("cluster").asString()).distinct().count();
        org.w3c.dom.NodeList lines = svg.getElementsByTagName("polyline");
        int series = 0;
        for (int i = 0; i < lines.getLength(); i++) {
            series += "series".equals(((org.w3c.dom.Element) lines.item(i)).getAttribute("class")) ? 1 : 0;
        }
        assertThat(series).isEqualTo((int) clusters);

        assertProblem(get(location + "/plots/heatmap.svg?task=" + first.get("task").asString()), 409,
                "layerPairs=same");

        HttpResponse<String> roles = get(location + "/results/roles");
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(200);
        assertThat(JSON.readTree(roles.body()).at("/roles/structure").asString()).isIn("three-roles", "two-roles",
                "none");
    }

    @Test
    @Order(2)
    void invalidDefinitionsAreRefusedWithProblemsNamingTheField() throws Exception {
        assertProblem(post("/api/v1/experiments", "{\"name\": \"x\", "), 400, "JSON");
        assertProblem(post("/api/v1/experiments", JSON.createObjectNode().put("name", "x")
                .put("experimentalModel", "no-such-model").put("controlModel", C).put("taskSet", "demo").toString()),
                400, "experimentalModel: unknown model 'no-such-model'");
        ObjectNode badLayer = JSON.createObjectNode().put("name", "x").put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo");
        badLayer.putArray("layers").add(0).add(9);
        assertProblem(post("/api/v1/experiments", badLayer.toString()), 400,
                "layers[1]: layer 9 is out of range for model");
        ObjectNode noTasks = JSON.createObjectNode().put("name", "x").put("experimentalModel", E)
                .put("controlModel", C);
        noTasks.putArray("tasks");
        assertProblem(post("/api/v1/experiments", noTasks.toString()), 400, "tasks: must hold at least one task");
        assertProblem(get("/api/v1/experiments/" + UUID.randomUUID()), 404, "");
    }

    @Test
    @Order(4)
    void extractorRefusalFailsTheExperimentAndKeepsFinishedTasks() throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: second task too long")
                .put("experimentalModel", E).put("controlModel", C).put("pooling", "last");
        ArrayNode tasks = definition.putArray("tasks");
        ObjectNode fine = tasks.addObject().put("name", "fine").put("cluster", "a");
        fine.putArray("prompts").add("The cat sat on the mat.").add("Dogs bark at night.").add("Rain again today.");
        ObjectNode tooLong = tasks.addObject().put("name", "too-long").put("cluster", "b");
        tooLong.putArray("prompts").add("short prompt").add("word ".repeat(2000));

        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("too-long");

        JsonNode results = JSON.readTree(get(location + "/results").body()).get("results");
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).get("task").asString()).isEqualTo("fine");
    }

    @Test
    @Order(5)
    void extractorKilledAndRestartedMidExperimentTheExperimentCompletesWithTheUndisturbedResults() throws Exception {
        // the same definition undisturbed, for the reference results
        String referenceLocation = submitReferenceDefinition("e2e: extractor fault reference");
        assertThat(awaitFinished(referenceLocation).get("status").asString()).isEqualTo("SUCCEEDED");
        undisturbedResults = JSON.readTree(get(referenceLocation + "/results").body()).get("results");

        String location = submitReferenceDefinition("e2e: extractor dies and comes back");
        awaitUnitsDone(location, 1);
        extractor.kill();
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Map<UUID, Timestamp> doneBeforeRestart = doneUnits(id);
        assertThat(doneBeforeRestart).isNotEmpty();

        Thread.sleep(3000); // retries exhausted: the running unit waits instead of failing the experiment
        assertThat(JSON.readTree(get(location).body()).get("status").asString()).isEqualTo("RUNNING");
        extractor = extractor.restart();
        extractor.awaitReady(Duration.ofMinutes(3));

        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        // exactly the undisturbed results, and nothing finished before the kill was computed again
        assertUndisturbedResults(location);
        Map<UUID, Timestamp> doneAfter = doneUnits(id);
        doneBeforeRestart.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s", unit).isEqualTo(at));
    }

    @Test
    @Order(7)
    void aReplicaKilledMidUnitLeavesItsUnitToAnotherReplicaAndTheResultsAreTheUndisturbedOnes() throws Exception {
        assertThat(undisturbedResults).as("the extractor fault test ran first and left its reference").isNotNull();
        // a second cka-service replica on the same database; its short lease lets the other take over quickly
        ServiceProcess second = ServiceProcess.start("cka-service-2", ROOT.resolve("cka-service/target/cka-service.jar"),
                LOGS, "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor.url(), "--mossa.cka.lease-seconds=6",
                "--mossa.cka.activation-cache.enabled=false");
        try {
            second.awaitReady(Duration.ofMinutes(3));
            String location = submitReferenceDefinition("e2e: a replica dies");
            UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

            UUID held = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (held == null && System.nanoTime() < deadline) {
                held = unitHeldBy(id, second.pid());
                Thread.sleep(20);
            }
            assertThat(held).as("the second replica took a unit").isNotNull();
            second.kill();
            Map<UUID, Timestamp> doneAtKill = doneUnits(id);

            JsonNode done = awaitFinished(location);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertUndisturbedResults(location);
            Map<UUID, Timestamp> doneAfter = doneUnits(id);
            doneAtKill.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s", unit).isEqualTo(at));
            try (Connection db = postgres.getPostgresDatabase().getConnection();
                 PreparedStatement query = db.prepareStatement(
                         "select attempts, leased_by from cka.work_unit where id = ?")) {
                query.setObject(1, held);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("claimed again after the lease of the dead replica expired")
                            .isEqualTo(2);
                    assertThat(rows.getString(2)).doesNotStartWith(second.pid() + "@");
                }
            }
        } finally {
            second.close();
        }
    }

    /** A RUNNING unit of the experiment leased by the process {@code pid}, or null. */
    private static UUID unitHeldBy(UUID experiment, long pid) throws Exception {
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement("select id from cka.work_unit where experiment_id = ? "
                     + "and state = 'RUNNING' and leased_by like ?")) {
            query.setObject(1, experiment);
            query.setString(2, pid + "@%");
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }

    @Test
    @Order(8)
    void postgresRestartedMidExperimentTheServicesReconnectAndNoRowIsDuplicated() throws Exception {
        assertThat(undisturbedResults).isNotNull();
        String location = submitReferenceDefinition("e2e: PostgreSQL restarts");
        awaitUnitsDone(location, 1);
        postgres.close();
        Thread.sleep(3000);
        postgres = startPostgres();

        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertUndisturbedResults(location);
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement("select count(*), count(distinct task) "
                     + "from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, UUID.fromString(done.get("id").asString()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("one row per task, none twice").isEqualTo(undisturbedResults.size());
                assertThat(rows.getInt(2)).isEqualTo(undisturbedResults.size());
            }
        }
    }

    @Test
    @Order(9)
    void gatewayRestartedMidExperimentTheExperimentGoesOnAndItsStatusStaysCorrect() throws Exception {
        assertThat(undisturbedResults).isNotNull();
        String location = submitReferenceDefinition("e2e: gateway restarts");
        gateway.kill();
        gateway = gateway.restart();
        gateway.awaitReady(Duration.ofMinutes(3));
        JsonNode status = JSON.readTree(get(location).body());
        assertThat(status.get("status").asString()).isIn("PENDING", "RUNNING", "SUCCEEDED");
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(done.at("/progress/unitsTotal").asInt());
        assertUndisturbedResults(location);
    }

    @Test
    @Order(10)
    void concurrentReadsAndSubmissionsWhileExperimentsRunGetNoErrors() throws Exception {
        io.mossa.gateway.load.LoadTest load = new io.mossa.gateway.load.LoadTest(URI.create(gateway.url()),
                ADMIN_KEY);
        String submission = JSON.createObjectNode().put("name", "load").put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo").put("examplesPerTask", 4).put("pooling", "last")
                .set("layers", JSON.createArrayNode().add(6)).toString();
        String finished = load.submitAndWait(submission);
        io.mossa.gateway.load.LoadTest.Report report = load.run(finished, submission, Duration.ofSeconds(8), 16,
                5000);
        System.out.println("PlatformIT load step:\n" + report);
        assertThat(report.errors()).as(report.toString()).isEmpty();
        assertThat(report.byOperation()).containsKeys("submit", "status", "results", "csv", "layers");
        assertThat(report.requests()).isGreaterThan(50);
    }

    @Test
    @Order(11)
    void aWorkUnitsTraceIdAppearsInTheLogsOfCkaServiceAndOfTheExtractor() throws Exception {
        // cka-service logs "task '<name>' (unit <id>, attempt <n>)" inside the unit's trace: [traceId-spanId]
        java.util.regex.Matcher unitLine = java.util.regex.Pattern
                .compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\].*task '[^']+' \\(unit ").matcher(cka.logText());
        assertThat(unitLine.find()).as("a unit's log line with a trace id in cka-service's log").isTrue();
        String traceId = unitLine.group(1);
        assertThat(extractorLogs()).as("the extractor logged the same trace id while serving that unit")
                .contains(traceId);
    }

    @Test
    @Order(12)
    void experimentLifecycleIdempotentSubmitCancelRerunReusingFinishedUnitsDelete() throws Exception {
        assertThat(undisturbedResults).as("the extractor fault test ran first and left its reference").isNotNull();
        awaitIdleQueue(); // the load test's submissions first, so that this one runs as soon as it is submitted
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: lifecycle")
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "demo").put("pooling", "last")
                .put("examplesPerTask", 12);
        definition.putArray("layers").add(1).add(3).add(6);
        HttpResponse<String> submitted = send("POST", "/api/v1/experiments", definition.toString(), "e2e-lifecycle");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode first = JSON.readTree(submitted.body());
        assertThat(first.get("taskSetId").asString()).isEqualTo("demo");
        assertThat(first.get("taskSetVersion").isNull()).as("the resolved version is recorded").isFalse();
        HttpResponse<String> again = send("POST", "/api/v1/experiments", definition.toString(), "e2e-lifecycle");
        assertThat(again.statusCode()).as("a replay, not a second experiment: " + again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.headers().firstValue("Location")).contains(location);
        assertProblem(send("POST", "/api/v1/experiments", definition.put("name", "e2e: other").toString(),
                "e2e-lifecycle"), 409, "Idempotency-Key");

        UUID id = UUID.fromString(first.get("id").asString());
        awaitUnitsDone(location, 1);
        assertProblem(send("DELETE", location, null, null), 409, "");
        HttpResponse<String> cancelled = send("POST", location + "/cancel", null, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
        assertProblem(send("POST", location + "/cancel", null, null), 409, "");
        JsonNode listed = JSON.readTree(get("/api/v1/experiments?status=CANCELLED&model=" + E).body());
        assertThat(listed.get("experiments").findValuesAsString("id")).contains(id.toString());

        Thread.sleep(1500); // a unit that was computing when the cancel came finishes; the status stays CANCELLED
        JsonNode stillCancelled = JSON.readTree(get(location).body());
        assertThat(stillCancelled.get("status").asString()).isEqualTo("CANCELLED");
        int total = stillCancelled.at("/progress/unitsTotal").asInt();
        Map<UUID, Timestamp> doneAtCancel = doneUnits(id);
        assertThat(doneAtCancel).isNotEmpty().hasSizeLessThan(total);

        HttpResponse<String> rerun = send("POST", location + "/rerun", null, null);
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
        assertThat(JSON.readTree(rerun.body()).get("runs").asInt()).isEqualTo(2);
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(total);
        assertUndisturbedResults(location);
        Map<UUID, Timestamp> doneAfter = doneUnits(id);
        doneAtCancel.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s kept, not recomputed", unit)
                .isEqualTo(at));
        assertProblem(send("POST", location + "/rerun", null, null), 409, "");

        HttpResponse<String> deleted = send("DELETE", location, null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertProblem(get(location), 404, id.toString());
        assertProblem(get(location + "/results"), 404, "");
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("its results went with it").isZero();
            }
        }
    }

    /** Waits until no experiment is PENDING or RUNNING. */
    private static void awaitIdleQueue() throws Exception {
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

    @Test
    @Order(13)
    void experimentListPagesWithACursorAndALinkHeader() throws Exception {
        java.util.Set<String> seen = new java.util.HashSet<>();
        String next = "/api/v1/experiments?limit=2";
        while (next != null) {
            HttpResponse<String> page = get(next);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("experiments").size()).isLessThanOrEqualTo(2);
            for (String id : body.get("experiments").findValuesAsString("id")) {
                assertThat(seen.add(id)).as("experiment %s on one page only", id).isTrue();
            }
            java.util.Optional<String> link = page.headers().firstValue("Link");
            assertThat(link.isPresent()).isEqualTo(!body.get("nextCursor").isNull());
            next = link.map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        }
        JsonNode all = JSON.readTree(get("/api/v1/experiments?limit=500").body());
        assertThat(seen).hasSizeGreaterThan(2).hasSize(all.get("experiments").size());
    }

    private static String extractorLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = java.nio.file.Files.list(LOGS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("extractor-service")).toList()) {
                all.append(java.nio.file.Files.readString(file));
            }
        }
        return all.toString();
    }

    /** Submits the definition of the fault tests' reference run under another name; returns its location. */
    /**
     * A task set defined as JSON, its examples then uploaded as JSON Lines (streamed: sent chunked, parsed as it
     * arrives), read back version by version, stored in PostgreSQL by cka-service, and run as an experiment
     * (early, before the fault and load tests leave experiments queued ahead of it).
     */
    @Test
    @Order(3)
    void taskSetUploadedAsJsonLinesIsStoredVersionedAndRuns() throws Exception {
        String definition = """
                {"id": "e2e-upload", "description": "uploaded by PlatformIT", "tasks": [
                  {"name": "arithmetic", "cluster": "qa", "split": "test",
                   "templates": ["Question: {q}\\nAnswer:", "Answer this: {q}"],
                   "examples": [{"q": "What is two plus two?"}, {"q": "What is ten minus one?"}]},
                  {"name": "facts", "cluster": "qa", "heldOut": true,
                   "prompts": ["The sun is a star.", "Water boils at 100 degrees.", "Paris is in France.",
                               "A week has seven days."]}]}""";
        HttpResponse<String> created = post("/api/v1/task-sets", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            jsonl.append("{\"q\": \"What is ").append(i).append(" times ").append(i + 1).append("?\", \"answer\": ")
                    .append(i * (i + 1)).append("}\n");
        }
        byte[] body = jsonl.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(
                        URI.create(gateway.url() + "/api/v1/task-sets/e2e-upload/tasks/arithmetic/examples"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.headers().firstValue("Location")).contains("/api/v1/task-sets/e2e-upload/versions/2");

        JsonNode latest = JSON.readTree(get("/api/v1/task-sets/e2e-upload").body());
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        JsonNode examples = latest.at("/tasks/0/examples");
        assertThat(examples.size()).isEqualTo(50);
        assertThat(examples.get(7).get("q").asString()).isEqualTo("What is 7 times 8?");
        assertThat(examples.get(7).get("answer").asString()).isEqualTo("56");
        assertThat(latest.at("/tasks/0/split").asString()).isEqualTo("test");
        assertThat(JSON.readTree(get("/api/v1/task-sets/e2e-upload/versions/1").body()).at("/tasks/0/examples").size())
                .isEqualTo(2);
        assertThat(JSON.readTree(get("/api/v1/task-sets/e2e-upload/versions").body()).size()).isEqualTo(2);
        JsonNode listed = null;
        for (JsonNode summary : JSON.readTree(get("/api/v1/task-sets").body())) {
            if (summary.get("id").asString().equals("e2e-upload")) {
                listed = summary;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("heldOutTasks").get(0).asString()).isEqualTo("facts");
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from cka.task_set_version where task_set_id = 'e2e-upload'");
             ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }

        ObjectNode experiment = JSON.createObjectNode().put("name", "e2e: uploaded task set")
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "e2e-upload")
                .put("examplesPerTask", 4).put("pooling", "mean");
        HttpResponse<String> submitted = post("/api/v1/experiments", experiment.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode done = awaitFinished(submitted.headers().firstValue("Location").orElseThrow());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("tasks").size()).isEqualTo(2);
    }

    private static String submitReferenceDefinition(String name) throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", name)
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "demo").put("pooling", "last")
                .put("examplesPerTask", 12);
        definition.putArray("layers").add(1).add(3).add(6);
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return submitted.headers().firstValue("Location").orElseThrow();
    }

    @Test
    @Order(15)
    void writesNeedAKeyTheAdministratorManagesKeysAndOnlyTheirHashesAreStored() throws Exception {
        // an invalid definition: a request that passes the key check is answered 400, never run
        String invalid = "{\"name\": \"keys\"}";
        HttpResponse<String> anonymous = post("/api/v1/experiments", invalid, null);
        assertProblem(anonymous, 401, "POST needs an API key");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("ApiKey header=\"X-API-Key\"");
        assertProblem(post("/api/v1/experiments", invalid, "mossa_made-up"), 401, "unknown or revoked API key");
        assertProblem(postMultipart("/api/v1/similarity", new byte[0], new byte[0], null), 401, "needs an API key");
        assertThat(get("/api/v1/experiments").statusCode()).as("reads stay open").isEqualTo(200);
        assertProblem(send("GET", "/api/v1/api-keys", null), 401, "needs the admin key");

        HttpResponse<String> created = post("/api/v1/api-keys", "{\"name\": \"it-client\"}", ADMIN_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String id = key.get("id").asString();
        String secret = key.get("secret").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/api-keys/" + id);
        assertThat(secret).startsWith("mossa_").hasSize(49);
        assertProblem(post("/api/v1/api-keys", "{\"name\": \" \"}", ADMIN_KEY), 400, "name: must not be blank");

        // the new key writes (here: gets as far as validating the definition) but does not manage keys
        assertProblem(post("/api/v1/experiments", invalid, secret), 400, "");
        assertProblem(send("GET", "/api/v1/api-keys", secret), 403, "needs the admin key");
        assertProblem(post("/api/v1/api-keys", "{\"name\": \"mine\"}", secret), 403, "needs the admin key");

        HttpResponse<String> list = send("GET", "/api/v1/api-keys", ADMIN_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret);
        JsonNode listed = null;
        for (JsonNode k : JSON.readTree(list.body()).get("apiKeys")) {
            if (k.get("id").asString().equals(id)) {
                listed = k;
            }
        }
        assertThat(listed).as(list.body()).isNotNull();
        assertThat(listed.get("name").asString()).isEqualTo("it-client");
        assertThat(listed.get("revoked").asBoolean()).isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).as("used above").isFalse();

        // the database holds SHA-256(secret), computed here independently, and nothing that contains the secret
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select secret_hash, row_to_json(k)::text from cka.api_key k where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBytes(1)).isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(row.getString(2)).doesNotContain(secret).doesNotContain(secret.substring(6));
            }
        }

        // revoked through the gateway: refused at once
        HttpResponse<String> revoked = send("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("revoked").asBoolean()).isTrue();
        assertProblem(post("/api/v1/experiments", invalid, secret), 401, "unknown or revoked API key");
        assertProblem(send("DELETE", "/api/v1/api-keys/" + UUID.randomUUID(), ADMIN_KEY), 404, "");

        // revoked elsewhere (another gateway replica: straight in cka-service): refused once the cache TTL has passed
        String other = JSON.readTree(post("/api/v1/api-keys", "{\"name\": \"other\"}", ADMIN_KEY).body())
                .get("secret").asString();
        String otherId = null;
        for (JsonNode k : JSON.readTree(send("GET", "/api/v1/api-keys", ADMIN_KEY).body()).get("apiKeys")) {
            if (k.get("name").asString().equals("other")) {
                otherId = k.get("id").asString();
            }
        }
        assertProblem(post("/api/v1/experiments", invalid, other), 400, "");
        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create(cka.url() + "/v1/api-keys/" + otherId))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(200);
        Thread.sleep(KEY_CACHE_TTL.toMillis() + 100);
        assertProblem(post("/api/v1/experiments", invalid, other), 401, "unknown or revoked API key");
    }

    private static void awaitUnitsDone(String location, int units) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode status = JSON.readTree(get(location).body());
        while (status.at("/progress/unitsDone").asInt() < units && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = JSON.readTree(get(location).body());
        }
        assertThat(status.get("status").asString()).as("still running").isEqualTo("RUNNING");
    }

    /** The experiment's results equal the undisturbed run's, value for value. */
    private static void assertUndisturbedResults(String location) throws Exception {
        JsonNode actual = JSON.readTree(get(location + "/results").body()).get("results");
        assertThat(actual.size()).isEqualTo(undisturbedResults.size());
        for (JsonNode result : undisturbedResults) {
            JsonNode match = find(actual, result.get("task").asString(), result.get("comparison").asString());
            for (int i = 0; i < result.get("values").size(); i++) {
                assertThat(match.get("values").get(i).get("cka").asDouble())
                        .isEqualTo(result.get("values").get(i).get("cka").asDouble());
            }
        }
    }

    private static EmbeddedPostgres startPostgres() throws java.io.IOException {
        return EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(postgresData)
                .setCleanDataDirectory(false).start();
    }

    /** DONE work units of an experiment with the time they were finished. */
    private static Map<UUID, Timestamp> doneUnits(UUID experiment) throws Exception {
        Map<UUID, Timestamp> done = new java.util.HashMap<>();
        try (Connection db = postgres.getPostgresDatabase().getConnection();
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

    @Test
    @Order(6)
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

    private static HttpResponse<String> postMultipart(String path, byte[] x, byte[] y) throws Exception {
        return postMultipart(path, x, y, ADMIN_KEY);
    }

    private static HttpResponse<String> postMultipart(String path, byte[] x, byte[] y, String apiKey) throws Exception {
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
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway.url() + path)), apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitFinished(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(get(location).body());
            String state = status.get("status").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("experiment " + location + " did not finish; cka-service log:\n" + cka.logTail());
    }

    @Test
    @Order(16)
    void aModelDirectoryRegisteredThroughTheGatewayIsServedUntilRemoved() throws Exception {
        Path dir = copyBundledModel(E, java.nio.file.Files.createDirectories(modelRoot.resolve("minilm-q-copy")));
        HttpResponse<String> created = post("/api/v1/models", "{\"id\":\"it-registered\",\"path\":\"" + dir + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/models/it-registered");
        JsonNode model = JSON.readTree(created.body());
        assertThat(model.get("numLayers").asInt()).isEqualTo(6);
        assertThat(model.get("usable").asBoolean()).isTrue();
        assertThat(get("/api/v1/models/it-registered").statusCode()).isEqualTo(200);
        // the same files as the bundled model: the same numbers
        List<String> prompts = List.of("The cat sat on the mat.", "Why?");
        assertThat(activations("it-registered", prompts).data()).containsExactly(activations(E, prompts).data());

        HttpResponse<String> outside = post("/api/v1/models", "{\"id\":\"it-outside\",\"path\":\""
                + ROOT.toAbsolutePath().normalize() + "\"}");
        assertProblem(outside, 403, "is not under a model root");
        assertThat(JSON.readTree(outside.body()).get("field").asString()).isEqualTo("path");
        HttpResponse<String> taken = post("/api/v1/models", "{\"id\":\"" + C + "\",\"path\":\"" + dir + "\"}");
        assertProblem(taken, 409, "is taken");
        assertThat(JSON.readTree(taken.body()).get("field").asString()).isEqualTo("id");
        Path empty = java.nio.file.Files.createDirectories(modelRoot.resolve("empty"));
        assertProblem(post("/api/v1/models", "{\"id\":\"it-empty\",\"path\":\"" + empty + "\"}"), 422,
                "missing file model.onnx");

        assertProblem(delete("/api/v1/models/" + C), 409, "cannot be removed");
        assertThat(delete("/api/v1/models/it-registered").statusCode()).isEqualTo(204);
        assertProblem(get("/api/v1/models/it-registered"), 404, "it-registered");
        assertProblem(delete("/api/v1/models/it-registered"), 404, "it-registered");
    }

    /**
     * The dashboard's queries name series the running services really expose (after the tests above have
     * exercised them), which the deployment module's source scan can only approximate.
     */
    @Test
    @Order(17)
    void everySeriesTheGrafanaDashboardQueriesIsExposedByTheRunningServices() throws Exception {
        java.util.Set<String> exposed = new java.util.TreeSet<>();
        for (ServiceProcess service : List.of(extractor, cka, gateway)) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.url()
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            metrics.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
        }
        JsonNode dashboard = JSON.readTree(java.nio.file.Files.readString(
                ROOT.resolve("deploy/grafana/dashboards/mossa.json")));
        java.util.Set<String> queried = new java.util.TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asString().replaceAll("\"[^\"]*\"", "\"\"")
                        .replaceAll("\\{[^}]*}", "").replaceAll("\\[[^\\]]*]", "")
                        .replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", "");
                java.util.regex.Matcher name = java.util.regex.Pattern.compile("\\b[a-z_][a-z0-9_]*\\b").matcher(expr);
                while (name.find()) {
                    if (!PROMQL_WORDS.contains(name.group())) {
                        queried.add(name.group());
                    }
                }
            }
        }
        // the activation cache is disabled here (see startPlatform), so its meters are never registered
        queried.removeIf(series -> series.startsWith("mossa_cka_activation_cache_"));
        assertThat(queried).hasSizeGreaterThan(20);
        assertThat(exposed).containsAll(queried);
    }

    private static final java.util.Set<String> PROMQL_WORDS = java.util.Set.of("sum", "max", "min", "avg", "count",
            "rate", "irate", "increase", "histogram_quantile", "by", "without", "and", "or", "unless", "offset");

    /** Copies a bundled model's graph and tokenizer out of the extractor's jar (nested in BOOT-INF/lib). */
    private static Path copyBundledModel(String id, Path dir) throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(
                ROOT.resolve("extractor-service/target/extractor-service.jar").toFile())) {
            java.util.zip.ZipEntry library = jar.stream()
                    .filter(e -> e.getName().matches("BOOT-INF/lib/langchain4j-embeddings-" + id + "-[^/]*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no library of " + id + " in the extractor jar"));
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(jar.getInputStream(library))) {
                for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.getName().equals(id + ".onnx")) {
                        java.nio.file.Files.copy(in, dir.resolve("model.onnx"));
                    } else if (entry.getName().equals(id + "-tokenizer.json")) {
                        java.nio.file.Files.copy(in, dir.resolve("tokenizer.json"));
                    }
                }
            }
        }
        assertThat(dir.resolve("model.onnx")).exists();
        assertThat(dir.resolve("tokenizer.json")).exists();
        return dir;
    }

    private static HttpResponse<String> delete(String path) throws Exception {
        return send("DELETE", path, ADMIN_KEY);
    }

    private static NpyArray activations(String model, List<String> prompts) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", model).put("pooling", "mean");
        ArrayNode inputs = request.putArray("inputs");
        prompts.forEach(p -> inputs.addObject().put("text", p));
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(extractor.url() + "/v1/activations"))
                .header("Content-Type", "application/json").header("Accept", "application/x-npy")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return new NpyReader(100_000_000).read(new ByteArrayInputStream(response.body()));
    }

    /** Layer {@code layer} of a [layers, inputs, dim] array, assuming layers 0..L were requested. */
    private static double[][] layerMatrix(NpyArray array, int layer) {
        int n = array.shape()[1];
        int dim = array.shape()[2];
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(array.data(), (layer * n + i) * dim, x[i], 0, dim);
        }
        return x;
    }

    private static JsonNode find(JsonNode results, String task, String comparison) {
        for (JsonNode result : results) {
            if (result.get("task").asString().equals(task) && result.get("comparison").asString().equals(comparison)) {
                return result;
            }
        }
        throw new AssertionError("no " + comparison + " result for task " + task);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(detail);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, ADMIN_KEY);
    }

    /** A JSON POST to the gateway with this X-API-Key (null: none). */
    private static HttpResponse<String> post(String path, String body, String apiKey) throws Exception {
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway.url() + path)), apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String apiKey) throws Exception {
        return HTTP.send(withKey(HttpRequest.newBuilder(URI.create(gateway.url() + path)), apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withKey(HttpRequest.Builder request, String apiKey) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    /** A request with the admin key, an optional JSON body and an optional Idempotency-Key. */
    private static HttpResponse<String> send(String method, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
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

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(14)
    void theResultsPageDrawsAFinishedDemoExperimentsCurvesBoxesHeatmapAndTableInHeadlessChromium() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.installed();
        // the demo tasks (8 prompts each: bootstrap needs n >= 8) with one held out of training, a baseline, every
        // layer pair and p-values and intervals, so that each view of the page has data to draw
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: results page")
                .put("experimentalModel", E).put("controlModel", C).put("baselineModel", C)
                .put("layerPairs", "all").put("pooling", "mean");
        definition.putObject("similarity").put("estimator", "debiased");
        definition.putObject("statistics").put("permutations", 20).put("bootstrap", 20).put("seed", 7);
        ArrayNode inline = definition.putArray("tasks");
        java.util.Set<String> seenClusters = new java.util.HashSet<>();
        String heldOutTask = null;
        for (JsonNode demoTask : JSON.readTree(get("/api/v1/task-sets/demo").body()).get("tasks")) {
            String cluster = demoTask.get("cluster").asString();
            ObjectNode task = inline.addObject().put("name", demoTask.get("name").asString()).put("cluster", cluster);
            // held out: the second task of a cluster, so that its cluster has a trained and a held-out group
            if (heldOutTask == null && !seenClusters.add(cluster)) {
                heldOutTask = demoTask.get("name").asString();
                task.put("heldOut", true);
            }
            ArrayNode prompts = task.putArray("prompts");
            for (int i = 0; i < 8; i++) {
                prompts.add(demoTask.get("prompts").get(i).asString());
            }
        }
        assertThat(heldOutTask).as("a demo cluster with two tasks").isNotNull();
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        String id = done.get("id").asString();

        // what the page must draw, from the API's own JSON
        JsonNode layerView = JSON.readTree(get(location + "/results/layers").body());
        JsonNode clusters = layerView.get("clusters");
        JsonNode overall = layerView.at("/overall/layers");
        JsonNode tasks = JSON.readTree(get(location + "/results/tasks").body()).get("tasks");
        // the page shades the roles of its default comparison, experimental
        JsonNode roles = JSON.readTree(get(location + "/results/roles?comparison=experimental").body()).get("roles");
        JsonNode firstMatrix = find(JSON.readTree(get(location + "/results").body()).get("results"),
                tasks.get(0).get("task").asString(), "experimental").get("values");
        assertThat(overall.size()).isEqualTo(7);
        assertThat(firstMatrix.size()).as("every layer pair").isEqualTo(7 * 7);

        URI page = URI.create(gateway.url() + "/?experiment=" + id);
        HeadlessChromium.Page loaded = chromium.loadUntil(page, dom -> dom.contains("data-state=\"ready\"")
                && dom.contains("data-status=\"SUCCEEDED\""), Duration.ofMinutes(1));
        org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(loaded.dom());
        assertThat(dom.getElementById("errors").text()).as("errors the page reported").isEmpty();
        // uncaught exceptions, failed requests and invalid SVG attributes all land in the console
        assertThat(loaded.console()).as("the page's console")
                .noneMatch(line -> line.contains("Uncaught") || line.contains("Error") || line.contains("Failed"));
        assertThat(loaded.dom()).as("a coordinate or value computed from nothing").doesNotContain("NaN");
        assertThat(dom.select("#experiment-rows tr.selected").attr("data-id")).isEqualTo(id);

        // curves: a line per cluster, a point per layer, each point's tooltip giving the cluster's mean exactly
        org.jsoup.select.Elements series = dom.select("#curves-chart g.series");
        assertThat(series).hasSize(clusters.size());
        int heldOutGroups = 0;
        for (int c = 0; c < clusters.size(); c++) {
            JsonNode cluster = clusters.get(c);
            boolean heldOut = cluster.get("heldOut").asBoolean();
            heldOutGroups += heldOut ? 1 : 0;
            assertThat(series.get(c).attr("data-group"))
                    .isEqualTo("cluster:" + cluster.get("cluster").asString() + (heldOut ? ":held-out" : ""));
            // held-out tasks: dashed, in their cluster's colour, labelled so
            assertThat(series.get(c).select("path.series-line").attr("stroke-dasharray")).as("dashed")
                    .isEqualTo(heldOut ? "6 4" : "");
            if (heldOut) {
                assertThat(series.get(c).attr("stroke")).isEqualTo(series.get(c - 1).attr("stroke"));
                assertThat(dom.select("#group-choice label").eachText())
                        .contains(cluster.get("cluster").asString() + " (held-out) (1)");
            }
            org.jsoup.select.Elements points = series.get(c).select("circle.point");
            assertThat(points).hasSize(cluster.get("layers").size());
            for (int l = 0; l < points.size(); l++) {
                assertThat(tooltipNumber(points.get(l), "mean "))
                        .isEqualTo(cluster.get("layers").get(l).at("/experimental/mean").asDouble());
            }
        }
        assertThat(heldOutGroups).as("the held-out task's group").isEqualTo(1);
        assertThat(dom.select("#box-group option").eachAttr("value")).contains("trained", "held-out");

        // layer roles: a band per segment of the API's roles, over the segment's layers, summarised in one line
        org.jsoup.select.Elements bands = dom.select("#curves-chart rect.role-band");
        JsonNode segments = roles.get("segments");
        assertThat(bands).hasSize(segments.size());
        assertThat(dom.select("#curves-chart line.role-boundary")).hasSize(Math.max(0, segments.size() - 1));
        String rolesLine = dom.getElementById("roles-summary").text();
        if (roles.get("structure").asString().equals("none")) {
            assertThat(rolesLine).contains("Layer roles: none (" + roles.get("reason").asString() + ")");
        }
        for (int k = 0; k < segments.size(); k++) {
            JsonNode segment = segments.get(k);
            assertThat(bands.get(k).attr("data-role")).isEqualTo(segment.get("role").asString());
            assertThat(bands.get(k).attr("data-first")).isEqualTo(segment.get("firstLayer").asString());
            assertThat(bands.get(k).attr("data-last")).isEqualTo(segment.get("lastLayer").asString());
            int first = segment.get("firstLayer").asInt();
            int last = segment.get("lastLayer").asInt();
            assertThat(rolesLine).contains(segment.get("role").asString() + ": layers " + first
                    + (first == last ? "" : "-" + last));
        }

        // box plots: a box per layer over all tasks, with the API's quartiles
        org.jsoup.select.Elements boxes = dom.select("#boxes-chart g.box");
        assertThat(boxes).hasSize(overall.size());
        for (int l = 0; l < boxes.size(); l++) {
            JsonNode summary = overall.get(l).get("experimental");
            assertThat(boxes.get(l).attr("data-layer")).isEqualTo(overall.get(l).get("layer").asString());
            assertThat(tooltipNumber(boxes.get(l), "q1 ")).isEqualTo(summary.get("q1").asDouble());
            assertThat(tooltipNumber(boxes.get(l), "median ")).isEqualTo(summary.get("median").asDouble());
            assertThat(tooltipNumber(boxes.get(l), "q3 ")).isEqualTo(summary.get("q3").asDouble());
        }
        // heatmap: the first task's whole layer x layer matrix, a cell per value
        List<Double> cellValues = new ArrayList<>();
        for (org.jsoup.nodes.Element cell : dom.select("#heatmap-chart rect.cell")) {
            cellValues.add(tooltipNumber(cell, "CKA(E, C_t) = "));
        }
        List<Double> matrixValues = new ArrayList<>();
        firstMatrix.forEach(value -> matrixValues.add(value.get("cka").asDouble()));
        assertThat(cellValues).containsExactlyInAnyOrderElementsOf(matrixValues);
        // the per-task table: a row per task, a column per layer
        assertThat(dom.select("#task-table tbody tr")).hasSize(tasks.size());
        assertThat(dom.select("#task-table tbody tr").get(0).select("td.number")).hasSize(1 + overall.size());
        // p-values and intervals in the cells' tooltips, both sides, as the API gives them
        for (int t = 0; t < tasks.size(); t++) {
            org.jsoup.select.Elements cells = dom.select("#task-table tbody tr").get(t).select("td.number");
            for (int l = 0; l < overall.size(); l++) {
                JsonNode values = tasks.get(t).get("layers").get(l);
                org.jsoup.nodes.Element cell = cells.get(1 + l);
                assertThat(cell.hasClass("stats-hint")).isTrue();
                for (String side : List.of("experimental", "baseline")) {
                    String label = side.equals("experimental") ? "CKA(E, C_t)" : "CKA(B, C_t)";
                    assertThat(tooltipNumber(cell, label + " p-value "))
                            .isEqualTo(values.get(side + "PValue").asDouble());
                    String[] interval = tooltipText(cell, label + " interval ").replaceAll("[\\[\\]]", "")
                            .split(", ");
                    assertThat(Double.parseDouble(interval[0])).isEqualTo(values.get(side + "CiLow").asDouble());
                    assertThat(Double.parseDouble(interval[1])).isEqualTo(values.get(side + "CiHigh").asDouble());
                }
            }
        }
        assertThat(dom.select("#task-table tbody tr.held-out")).hasSize(1);

        Path screenshot = Path.of("target", "it-artifacts", "results-page.png");
        java.nio.file.Files.deleteIfExists(screenshot);
        chromium.screenshot(page, screenshot, 1280, 2600, 20_000);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG at " + screenshot).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours: a page with plots, not a blank one").isGreaterThan(200);
    }

    /** The number after {@code label} on the line of an element's tooltip (data-tip) that starts with it. */
    private static double tooltipNumber(org.jsoup.nodes.Element element, String label) {
        return Double.parseDouble(tooltipText(element, label));
    }

    /** The rest of the line of an element's tooltip (data-tip) that starts with {@code label}. */
    private static String tooltipText(org.jsoup.nodes.Element element, String label) {
        for (String line : element.attr("data-tip").split("\n")) {
            if (line.startsWith(label)) {
                return line.substring(label.length()).trim();
            }
        }
        throw new AssertionError("no '" + label + "' in the tooltip '" + element.attr("data-tip") + "'");
    }
}
