package io.mossa.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mossa bench extraction [seconds] [rounds] [clients]}: the extractor's rate on the paper's prompt shape
 * (FLAN-like, about 94 tokens; every hidden state, last-token pooling, 64 prompts per request as cka-service sends
 * them) with the bundled MiniLM pair, for two ONNX threading schemes side by side in the same run: each input alone on
 * a process-wide pool of one sequence per core with one ONNX Runtime thread each (the default), and the scheme before
 * it, one input at a time on ONNX Runtime's own threads, one per core ({@code sequence-threads=1},
 * {@code intra-op-threads=0}). Both extractors are started from the jar; the schemes take turns, so they share the
 * machine's other load alike. Prints prompts/s and prompts per CPU-second of the extractor (which the machine's other
 * load does not change) and the ratios.
 */
public final class ExtractionBench {

    private static final int BATCH = 64;

    private ExtractionBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path logs = Path.of("target", "bench-logs", "extraction");
        Path jar = Path.of(System.getProperty("mossa.root", "..")).resolve("extractor-service/target/extractor-service.jar");
        Map<String, String[]> schemes = new LinkedHashMap<>();
        schemes.put("one input at a time, ONNX Runtime threads", new String[] {
            "--mossa.extractor.sequence-threads=1", "--mossa.extractor.intra-op-threads=0"});
        schemes.put("inputs alone in parallel (default)", new String[0]);
        List<String> prompts = ScalePlatform.prompts(BATCH * 8);
        System.out.printf(Locale.ROOT, "%d cores, %d s per measurement, %d rounds, %d client(s) sending %d prompts per "
                + "request, load average %.2f%n", Runtime.getRuntime().availableProcessors(), seconds, rounds, clients,
                BATCH, loadAverage());
        Map<String, ServiceProcess> extractors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String[]> scheme : schemes.entrySet()) {
                String name = "extractor-" + extractors.size();
                String[] arguments = Stream.concat(Stream.of(scheme.getValue()),
                        Stream.of("--mossa.extractor.cache-dir=" + logs.toAbsolutePath().resolve(name + "-cache")))
                        .toArray(String[]::new);
                ServiceProcess extractor = ServiceProcess.start(name, jar, logs, arguments);
                extractors.put(scheme.getKey(), extractor);
            }
            for (ServiceProcess extractor : extractors.values()) {
                extractor.awaitReady(Duration.ofMinutes(3));
            }
            for (String model : List.of(ScalePlatform.C, ScalePlatform.E)) {
                double[][] sums = new double[extractors.size()][2];
                for (int round = 0; round < rounds; round++) {
                    int k = 0;
                    for (Map.Entry<String, ServiceProcess> entry : extractors.entrySet()) {
                        double[] rate = measure(entry.getValue(), model, prompts, seconds, clients);
                        sums[k][0] += rate[0];
                        sums[k][1] += rate[1];
                        System.out.printf(Locale.ROOT, "  %s round %d, %s: %.1f prompts/s, %.1f prompts per CPU-second "
                                + "(load average %.2f)%n", model, round + 1, entry.getKey(), rate[0], rate[1],
                                loadAverage());
                        k++;
                    }
                }
                System.out.printf(Locale.ROOT, "%s: %.1f -> %.1f prompts/s (%.2fx), %.1f -> %.1f prompts per CPU-second "
                        + "(%.2fx)%n", model, sums[0][0] / rounds, sums[1][0] / rounds, sums[1][0] / sums[0][0],
                        sums[0][1] / rounds, sums[1][1] / rounds, sums[1][1] / sums[0][1]);
            }
        } finally {
            for (ServiceProcess extractor : extractors.values()) {
                extractor.close();
            }
        }
    }

    /** @return prompts/s and prompts per CPU-second of the extractor's process */
    private static double[] measure(ServiceProcess extractor, String model, List<String> prompts, int seconds,
            int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        post(http, extractor, model, prompts.subList(0, BATCH)); // loads the model and warms it
        double cpuBefore = extractor.cpuSeconds();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        int[] done = new int[clients];
        List<Thread> threads = IntStream.range(0, clients).mapToObj(c -> new Thread(() -> {
            int request = c;
            while (System.nanoTime() < deadline) {
                int from = (request++ % (prompts.size() / BATCH)) * BATCH;
                try {
                    post(http, extractor, model, prompts.subList(from, from + BATCH));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                done[c] += BATCH;
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = extractor.cpuSeconds() - cpuBefore;
        int prompted = IntStream.of(done).sum();
        return new double[] {prompted / elapsed, prompted / cpu};
    }

    private static void post(HttpClient http, ServiceProcess extractor, String model, List<String> prompts)
            throws Exception {
        ObjectNode body = ScalePlatform.JSON.createObjectNode().put("model", model).put("pooling", "last");
        ArrayNode inputs = body.putArray("inputs");
        prompts.forEach(prompt -> inputs.addObject().put("text", prompt));
        ArrayNode layers = body.putArray("layers");
        IntStream.rangeClosed(0, 6).forEach(layers::add);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(extractor.url() + "/v1/activations"))
                .header("Content-Type", "application/json").header("Accept", "application/x-npy")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("extractor answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
