package io.mossa.gateway.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load on the gateway, loopback only: {@code threads} clients send, until {@code duration} is over or
 * {@code maxRequests} have been sent, a mix of result reads of a finished experiment (JSON, CSV, the per-layer
 * view), status reads and, one request in ten, a small experiment submission, while those experiments run.
 * Every answer other than 2xx, 304 and the documented backpressure (429, 503) counts as an error.
 *
 * <p>{@code ./mossa bench load [gatewayUrl] [seconds] [threads]} runs it against a running platform and prints the
 * figures; LoadIT (end-to-end tests) runs a short one and asserts that nothing failed.
 */
public final class LoadTest {

    private static final int[] ACCEPTED = {200, 201, 202, 304, 429, 503};

    private final URI gateway;
    /** Sent as X-API-Key with every submission (writes need a key); null sends none. */
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public LoadTest(URI gateway, String apiKey) {
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    private HttpRequest.Builder keyed(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    /** What one run measured. */
    public record Report(int requests, double seconds, Map<String, Stats> byOperation, Map<Integer, Integer> statuses,
            List<String> errors) {

        public double throughput() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(String.format("%d requests in %.1f s: %.0f requests/s%n", requests,
                    seconds, throughput()));
            out.append(String.format("%-12s %8s %10s %10s %10s%n", "operation", "count", "p50 ms", "p99 ms", "max ms"));
            byOperation.forEach((name, s) -> out.append(String.format("%-12s %8d %10.1f %10.1f %10.1f%n", name,
                    s.count(), s.p50(), s.p99(), s.max())));
            out.append("statuses: ").append(statuses).append('\n');
            errors.stream().limit(5).forEach(e -> out.append("error: ").append(e).append('\n'));
            return out.toString();
        }
    }

    /** Latency percentiles of one operation, in milliseconds (nearest-rank). */
    public record Stats(int count, double p50, double p99, double max) {

        static Stats of(List<Double> millis) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return new Stats(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static double rank(List<Double> sorted, double q) {
            return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    /**
     * @param finishedExperiment the id of a finished experiment whose results the readers fetch
     * @param submission         the JSON of the small experiment the writers submit
     */
    public Report run(String finishedExperiment, String submission, Duration duration, int threads, int maxRequests)
            throws InterruptedException {
        Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end && sent.incrementAndGet() <= maxRequests) {
                    long n = sequence.getAndIncrement();
                    String results = "/api/v1/experiments/" + finishedExperiment;
                    HttpRequest.Builder request;
                    String operation;
                    switch ((int) (n % 10)) {
                        case 0 -> {
                            operation = "submit";
                            request = keyed(HttpRequest.newBuilder(gateway.resolve("/api/v1/experiments")))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(submission));
                        }
                        case 1, 2 -> {
                            operation = "status";
                            request = HttpRequest.newBuilder(gateway.resolve(results)).GET();
                        }
                        case 3, 4 -> {
                            operation = "csv";
                            request = HttpRequest.newBuilder(gateway.resolve(results + "/results.csv")).GET();
                        }
                        case 5 -> {
                            operation = "layers";
                            request = HttpRequest.newBuilder(gateway.resolve(results + "/results/layers")).GET();
                        }
                        default -> {
                            operation = "results";
                            request = HttpRequest.newBuilder(gateway.resolve(results + "/results")).GET();
                        }
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        double millis = (System.nanoTime() - t0) / 1e6;
                        latencies.computeIfAbsent(operation, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(millis);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (!accepted(response.statusCode())) {
                            errors.add(operation + " answered " + response.statusCode() + ": "
                                    + new String(response.body(), 0, Math.min(300, response.body().length)));
                        }
                    } catch (Exception e) {
                        errors.add(operation + " failed: " + e);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            errors.add("clients still busy two minutes after the end of the run");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Stats> byOperation = new TreeMap<>();
        latencies.forEach((name, values) -> byOperation.put(name, Stats.of(values)));
        int requests = statuses.values().stream().mapToInt(Integer::intValue).sum();
        return new Report(requests, seconds, byOperation, new TreeMap<>(statuses), List.copyOf(errors));
    }

    private static boolean accepted(int status) {
        for (int ok : ACCEPTED) {
            if (ok == status) {
                return true;
            }
        }
        return false;
    }

    /** {@code ./mossa bench load}: needs a finished experiment; submits and waits for one first. */
    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String apiKey = args.length > 3 ? args[3]
                : System.getProperty("mossa.api-key", System.getenv("MOSSA_API_KEY"));
        LoadTest load = new LoadTest(gateway, apiKey);
        String submission = "{\"name\": \"load\", \"experimentalModel\": \"all-minilm-l6-v2-q\", "
                + "\"controlModel\": \"all-minilm-l6-v2\", \"taskSet\": \"demo\", \"examplesPerTask\": 4, "
                + "\"layers\": [6], \"pooling\": \"last\"}";
        String finished = load.submitAndWait(submission);
        System.out.printf("load on %s: %d clients for %s (results of experiment %s)%n", gateway, threads, duration,
                finished);
        Report report = load.run(finished, submission, duration, threads, 1_000_000);
        System.out.print(report);
        System.exit(report.errors().isEmpty() ? 0 : 1);
    }

    /** Submits {@code submission} and waits until it finishes; returns its id. */
    public String submitAndWait(String submission) throws Exception {
        HttpResponse<String> created = http.send(keyed(HttpRequest.newBuilder(gateway.resolve("/api/v1/experiments")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(submission))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 202) {
            throw new IllegalStateException("submission answered " + created.statusCode() + ": " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (int i = 0; i < 600; i++) {
            String body = http.send(HttpRequest.newBuilder(gateway.resolve(location)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"status\":\"SUCCEEDED\"")) {
                return id;
            }
            if (body.contains("\"status\":\"FAILED\"")) {
                throw new IllegalStateException("the experiment failed: " + body);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the experiment did not finish in 5 minutes");
    }
}
