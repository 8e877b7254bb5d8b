package io.mossa.gateway.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The paper's workload shape on a real platform (embedded PostgreSQL and the three services from their jars, at the
 * heaps the end-to-end tests give them): 60 tasks in 12 clusters, one held out per cluster, FLAN-like templated
 * examples of about 460 characters, uploaded in one gzip JSON Lines stream. Shared by {@link ScaleIT} (CI-sized) and
 * {@link ScaleBench} (paper-sized, {@code ./mossa bench scale}).
 */
final class ScalePlatform implements AutoCloseable {

    static final String E = "all-minilm-l6-v2-q";
    static final String C = "all-minilm-l6-v2";
    static final int CLUSTERS = 12;
    static final int TASKS_PER_CLUSTER = 5;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path ROOT = Path.of(System.getProperty("mossa.root", ".."));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String[] CLUSTER_NAMES = {"nli", "sentiment", "paraphrase", "read_comp", "closed_book_qa",
        "commonsense", "coreference", "read_comp_w_commonsense", "misc", "struct_to_text", "translation", "summarize"};
    private static final String[] WORDS = ("the a river city model reader small quiet bright old new green red young "
            + "teacher student market garden window morning evening quickly slowly carefully because although while "
            + "finds opens builds carries watches follows answers remembers explains travels").split(" ");

    final String adminKey = "scale-admin-" + UUID.randomUUID();
    final Path work;
    final EmbeddedPostgres postgres;
    final ServiceProcess extractor;
    final ServiceProcess cka;
    final ServiceProcess gateway;

    /** Starts the platform; {@code ckaArgs} are added to cka-service's arguments. */
    ScalePlatform(Path logs, String... ckaArgs) throws Exception {
        work = Files.createTempDirectory("mossa-scale");
        postgres = EmbeddedPostgres.builder().setPort(ServiceProcess.freePort())
                .setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
        extractor = ServiceProcess.start("extractor-service", ROOT.resolve("extractor-service/target/extractor-service.jar"),
                logs);
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor.url(),
                "--mossa.cka.activation-cache.dir=" + work.resolve("activations")));
        args.addAll(List.of(ckaArgs));
        cka = ServiceProcess.start("cka-service", ROOT.resolve("cka-service/target/cka-service.jar"), logs,
                args.toArray(String[]::new));
        extractor.awaitReady(Duration.ofMinutes(3));
        cka.awaitReady(Duration.ofMinutes(3));
        gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway/target/gateway.jar"), logs,
                "--mossa.gateway.extractor-url=" + extractor.url(), "--mossa.gateway.cka-url=" + cka.url(),
                "--mossa.gateway.admin-key=" + adminKey);
        gateway.awaitReady(Duration.ofMinutes(3));
    }

    static String task(int k) {
        return CLUSTER_NAMES[k / TASKS_PER_CLUSTER] + "_" + (k % TASKS_PER_CLUSTER);
    }

    /** 60 tasks, each with two FLAN-like templates and two inline examples (replaced by the upload). */
    static String definition(String id) {
        ObjectNode definition = JSON.createObjectNode().put("id", id).put("description", "paper-shaped workload");
        ArrayNode tasks = definition.putArray("tasks");
        for (int k = 0; k < CLUSTERS * TASKS_PER_CLUSTER; k++) {
            ObjectNode task = tasks.addObject().put("name", task(k)).put("cluster", CLUSTER_NAMES[k / TASKS_PER_CLUSTER])
                    .put("heldOut", k % TASKS_PER_CLUSTER == 0);
            task.putArray("templates")
                    .add("Read the passage and answer the question.\n\nPassage: {context}\n\nQuestion: {question}\n"
                            + "Options: {options}\nAnswer:")
                    .add("{context}\n\nBased on the passage above, {question} Choose from: {options}.");
            ArrayNode examples = task.putArray("examples");
            for (int i = 0; i < 2; i++) {
                examples.addObject().put("context", "c" + i).put("question", "q" + i).put("options", "yes, no");
            }
        }
        return definition.toString();
    }

    /** Writes {@code perTask} examples of every task as gzip JSON Lines (rows of all tasks interleaved). */
    static Path writeUpload(Path file, int perTask) throws IOException {
        Random random = new Random(12);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < perTask; i++) {
                for (int k = 0; k < CLUSTERS * TASKS_PER_CLUSTER; k++) {
                    ObjectNode row = JSON.createObjectNode().put("task", task(k))
                            .put("context", sentence(random, 55)).put("question", sentence(random, 12) + "?")
                            .put("options", "yes, no, it is not possible to tell").put("id", k + "-" + i);
                    out.write(row.toString());
                    out.write('\n');
                }
            }
        }
        return file;
    }

    /** {@code n} prompts as a unit renders them from the upload's rows, with the first template. */
    static List<String> prompts(int n) {
        Random random = new Random(12);
        List<String> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add("Read the passage and answer the question.\n\nPassage: " + sentence(random, 55)
                    + "\n\nQuestion: " + sentence(random, 12) + "?\nOptions: yes, no, it is not possible to tell\nAnswer:");
        }
        return prompts;
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < words; w++) {
            s.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Content-Type", contentType)
                .header("X-API-Key", adminKey).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode awaitFinished(String location, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(get(location).body());
            String state = status.get("status").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("experiment " + location + " did not finish; cka-service log:\n" + cka.logTail());
    }

    long queryLong(String sql) throws SQLException {
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Peak resident memory of a service so far (VmHWM), in MiB; -1 where /proc does not tell. */
    static long peakRssMiB(ServiceProcess service) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                service.close();
            }
        }
        postgres.close();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
