package io.mossa.gateway.e2e;

import static io.mossa.gateway.e2e.ScalePlatform.C;
import static io.mossa.gateway.e2e.ScalePlatform.E;
import static io.mossa.gateway.e2e.ScalePlatform.JSON;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mossa bench scale [examplesPerTask] [windowSeconds]}: the paper's workload at default settings on a
 * platform of its own (embedded PostgreSQL, the three services from their jars): builds 60 tasks in 12 clusters with
 * 10,000 FLAN-like templated examples each, uploads them in one gzip JSON Lines stream, submits the paper's
 * experiment (E, B, a control for every task, every layer, last-token pooling), lets it run for a time-boxed window
 * and prints what it measured, every figure from this run: upload time and MB/s, PostgreSQL bytes per stored example,
 * submission latency, the size of a list of 50 such experiments, extraction prompts/s and tokens/s, CKA seconds per
 * comparison, the extrapolated full run, and each service's peak RSS.
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int perTask = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 360;
        try (ScalePlatform platform = new ScalePlatform(Path.of("target", "bench-logs", "scale"))) {
            run(platform, perTask, window);
        }
    }

    private static void run(ScalePlatform platform, int perTask, int window) throws Exception {
        int tasks = ScalePlatform.CLUSTERS * ScalePlatform.TASKS_PER_CLUSTER;
        check(platform.post("/api/v1/task-sets", "application/json",
                HttpRequest.BodyPublishers.ofString(ScalePlatform.definition("paper"))), 201);
        // generated once (minutes at 10,000 per task) and kept for later runs: the same seed gives the same file
        Path file = Path.of("target", "bench-data", "paper-" + perTask + ".jsonl.gz");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            ScalePlatform.writeUpload(partial, perTask);
            Files.move(partial, file);
        }
        long compressed = Files.size(file);
        long raw;
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            raw = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        System.out.printf(Locale.ROOT, "workload: %d tasks x %d examples, %.1f MB of JSON Lines (%.1f MB gzip)%n",
                tasks, perTask, raw / 1e6, compressed / 1e6);

        long start = System.nanoTime();
        HttpResponse<String> uploaded = platform.post("/api/v1/task-sets/paper/examples", "application/x-ndjson",
                HttpRequest.BodyPublishers.ofFile(file));
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        check(uploaded, 201);
        JsonNode summary = JSON.readTree(uploaded.body());
        long rows = summary.get("rows").asLong();
        System.out.printf(Locale.ROOT, "upload: %d examples in %.1f s: %.1f MB/s of JSON Lines (%.1f MB/s as sent), "
                + "%.0f examples/s%n", rows, uploadSeconds, raw / 1e6 / uploadSeconds, compressed / 1e6 / uploadSeconds,
                rows / uploadSeconds);
        long stored = platform.queryLong("SELECT pg_total_relation_size('cka.example_row')");
        long rowBytes = platform.queryLong("SELECT sum(octet_length(value)) FROM cka.example_row");
        long storedRows = platform.queryLong("SELECT count(*) FROM cka.example_row");
        System.out.printf(Locale.ROOT, "PostgreSQL: %.0f bytes per stored example (rows, index, TOAST), %.2f x the "
                + "examples' JSON bytes (%d rows)%n", (double) stored / storedRows, (double) stored / rowBytes,
                storedRows);
        peaks(platform, "after upload");

        ObjectNode experiment = JSON.createObjectNode().put("name", "bench: the paper's experiment")
                .put("experimentalModel", E).put("controlModel", C).put("baselineModel", C).put("taskSet", "paper")
                .put("examplesPerTask", perTask).put("pooling", "last");
        long before = System.nanoTime();
        HttpResponse<String> submitted = platform.post("/api/v1/experiments", "application/json",
                HttpRequest.BodyPublishers.ofString(experiment.toString()));
        double submitSeconds = (System.nanoTime() - before) / 1e9;
        System.out.printf(Locale.ROOT, "submission: HTTP %d in %.2f s%s%n", submitted.statusCode(), submitSeconds,
                submitted.statusCode() == 202 ? "" : ": " + submitted.body());
        peaks(platform, "after submission");
        int runPerTask = perTask;
        if (submitted.statusCode() != 202) {
            // the run window still measures extraction and CKA at the paper's prompt shape, over fewer examples
            runPerTask = Math.min(perTask, 200);
            System.out.printf(Locale.ROOT, "run window over a task set of %d examples per task instead%n", runPerTask);
            check(platform.post("/api/v1/task-sets", "application/json", HttpRequest.BodyPublishers.ofString(
                    ScalePlatform.definition("window"))), 201);
            Path small = ScalePlatform.writeUpload(platform.work.resolve("window.jsonl.gz"), runPerTask);
            check(platform.post("/api/v1/task-sets/window/examples", "application/x-ndjson",
                    HttpRequest.BodyPublishers.ofFile(small)), 201);
            experiment.put("taskSet", "window").put("examplesPerTask", runPerTask);
            submitted = platform.post("/api/v1/experiments", "application/json",
                    HttpRequest.BodyPublishers.ofString(experiment.toString()));
            check(submitted, 202);
        }
        String location = submitted.headers().firstValue("Location").orElseThrow();
        listOfFifty(platform, experiment);
        double[] extractionBefore = metric(platform.cka, "mossa_cka_extraction_seconds_count");
        double[] tokensBefore = metric(platform.extractor, "mossa_extractor_tokens_total");
        double extractorCpuBefore = platform.extractor.cpuSeconds();
        double ckaCpuBefore = platform.cka.cpuSeconds();
        long windowStart = System.nanoTime();
        Thread.sleep(window * 1000L);
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        double extractorCpu = platform.extractor.cpuSeconds() - extractorCpuBefore;
        double ckaCpu = platform.cka.cpuSeconds() - ckaCpuBefore;
        double requests = metric(platform.cka, "mossa_cka_extraction_seconds_count")[0] - extractionBefore[0];
        double tokens = metric(platform.extractor, "mossa_extractor_tokens_total")[0] - tokensBefore[0];
        double[] compute = metric(platform.cka, "mossa_cka_compute_seconds_sum", "mossa_cka_compute_seconds_count");
        int batch = 64;
        double promptsPerSecond = requests * batch / seconds;
        System.out.printf(Locale.ROOT, "window of %.0f s: extraction %.1f prompts/s (%.0f requests of %d), "
                + "%.0f tokens/s%n", seconds, promptsPerSecond, requests, batch, tokens / seconds);
        // the machine's other load slows the rate above, not the CPU seconds each prompt costs
        System.out.printf(Locale.ROOT, "CPU in the window: extractor %.0f%% of one core (%.1f prompts per CPU-second), "
                + "cka-service %.0f%%; %d cores, load average %.2f%n", 100 * extractorCpu / seconds,
                requests * batch / extractorCpu, 100 * ckaCpu / seconds, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (compute[1] > 0) {
            System.out.printf(Locale.ROOT, "CKA: %.2f s per comparison (%d comparisons)%n", compute[0] / compute[1],
                    (long) compute[1]);
        }
        // E, B (= C here: cached after C) and C on every example of every task
        long prompts = 2L * tasks * perTask;
        System.out.printf(Locale.ROOT, "(window over %d examples per task)%n", runPerTask);
        if (promptsPerSecond > 0) {
            // a unit's comparisons run after its fetches, in the same worker: the run is their sum
            double comparisons = 2.0 * tasks;
            double ckaSeconds = compute[1] > 0 ? comparisons * compute[0] / compute[1] : 0;
            System.out.printf(Locale.ROOT, "extrapolated full run: %.1f h of extraction for %d prompts%s%n",
                    prompts / promptsPerSecond / 3600, prompts, compute[1] > 0 ? String.format(Locale.ROOT,
                            " + %.2f h of %d comparisons = %.1f h", ckaSeconds / 3600, (long) comparisons,
                            (prompts / promptsPerSecond + ckaSeconds) / 3600) : " (no comparison finished in the window)");
        }
        JsonNode status = JSON.readTree(platform.get(location).body());
        System.out.println("status after the window: " + status.get("status").asString() + ", "
                + status.at("/progress/unitsDone").asInt() + " of " + status.at("/progress/unitsTotal").asInt()
                + " units");
        peaks(platform, "after the window");
        cancel(platform, location);
    }

    /**
     * Submits 49 more experiments like the paper's (queued behind it, cancelled at once) and prints the size of the
     * list of 50 (goal: under 100 KB whatever the experiments' sizes) and the slowest of these submissions.
     */
    private static void listOfFifty(ScalePlatform platform, ObjectNode experiment) throws Exception {
        double slowest = 0;
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < 50; i++) {
            long start = System.nanoTime();
            HttpResponse<String> copy = platform.post("/api/v1/experiments", "application/json",
                    HttpRequest.BodyPublishers.ofString(experiment.deepCopy().put("name", "bench: copy " + i)
                            .toString()));
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1e9);
            check(copy, 202);
            extra.add(copy.headers().firstValue("Location").orElseThrow());
        }
        for (String location : extra) {
            cancel(platform, location);
        }
        HttpResponse<String> list = platform.get("/api/v1/experiments?limit=50");
        check(list, 200);
        int items = JSON.readTree(list.body()).get("experiments").size();
        long bytes = list.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "list: GET /api/v1/experiments?limit=50 is %d bytes for %d experiments "
                + "(%.0f bytes each); 49 more submissions, the slowest %.2f s%n", bytes, items, (double) bytes / items,
                slowest);
    }

    private static void cancel(ScalePlatform platform, String location) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.gateway.url() + location
                + "/cancel")).header("X-API-Key", platform.adminKey).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void peaks(ScalePlatform platform, String when) {
        System.out.printf(Locale.ROOT, "peak RSS %s: gateway %d MiB, cka-service %d MiB, extractor-service %d MiB%n",
                when, ScalePlatform.peakRssMiB(platform.gateway), ScalePlatform.peakRssMiB(platform.cka),
                ScalePlatform.peakRssMiB(platform.extractor));
    }

    /** Sums of the named Prometheus series (over all their labels), in the order named. */
    private static double[] metric(ServiceProcess service, String... names) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] sums = new double[names.length];
        for (String line : text.split("\n")) {
            for (int i = 0; i < names.length; i++) {
                if (line.startsWith(names[i] + "{") || line.startsWith(names[i] + " ")) {
                    sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sums;
    }

    private static void check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
