package io.mossa.cka.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mossa.cka.extractor.Activations;
import io.mossa.cka.extractor.ExtractorClient;
import io.mossa.cka.extractor.ExtractorProperties;
import io.mossa.cka.extractor.PromptFormat;
import io.mossa.cka.runner.RunnerProperties;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.cka.similarity.SimilarityOptions;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.service.SimilarityProperties;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.tensor.npy.NpyDType;
import io.mossa.tensor.npy.NpyWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mossa bench unit-memory [n] [dim] [layers] [comparedLayers]}: one work unit's activations at the paper's
 * 7B shape (n = 10,000 prompts, 4,096 features, 33 hidden states; 5.4 GB per model as float32) fetched for two
 * models through the real {@link CachedActivationSource} and {@link ExtractorClient} from a synthetic extractor over
 * HTTP, then CKA of the first layers in one call, as a unit compares them, through the real
 * {@link SimilarityService}, in a JVM whose heap is far below one
 * model's activations ({@code -Xmx1g} by the launcher). Prints the heap's peak, the process's peak RSS and the
 * times, measured in this run.
 */
public final class UnitMemoryBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The most anonymous memory (heap, native tensors) seen by {@link #sampleAnonymousMemory()}, in KiB. */
    private static final AtomicLong ANONYMOUS_PEAK = new AtomicLong();

    private UnitMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 33;
        int compared = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        sampleAnonymousMemory();
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "unit-memory-");
        HttpServer extractor = syntheticExtractor(dim);
        try {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ActivationCache cache = new ActivationCache(new ActivationCacheProperties(true, dir,
                    DataSize.ofGigabytes(64)), meters);
            ExtractorClient client = new ExtractorClient(new ExtractorProperties("http://127.0.0.1:"
                    + extractor.getAddress().getPort(), Duration.ofSeconds(5), Duration.ofMinutes(10), null),
                    new RunnerProperties(1, 60, Duration.ofSeconds(1), 3, 64, 2, Duration.ofMillis(100),
                            Duration.ofSeconds(1), null, Duration.ofMinutes(1), Duration.ofSeconds(1)),
                    meters, RestClient.builder());
            CachedActivationSource source = new CachedActivationSource(cache, client);
            List<String> prompts = IntStream.range(0, n).mapToObj(i -> "prompt " + i).toList();
            List<Integer> all = IntStream.range(0, layers).boxed().toList();
            System.out.printf(Locale.ROOT, "unit: n = %d, dim = %d, %d layers: %.1f GB of float32 per model; "
                    + "heap limit %d MiB%n", n, dim, layers, 4.0 * n * dim * layers / 1e9,
                    Runtime.getRuntime().maxMemory() >> 20);

            List<Activations> models = new ArrayList<>();
            for (String model : List.of("model-e", "model-c")) {
                long start = System.nanoTime();
                models.add(source.fetch(model, prompts, all, "last", PromptFormat.PLAIN));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "fetched %s in %.1f s (%.0f prompts/s through the client); %s%n",
                        model, seconds, n / seconds, memory());
            }
            SimilarityService similarity = new SimilarityService(new SimilarityProperties("cpu",
                    DataSize.ofGigabytes(4), 2e11, 1, Duration.ofSeconds(60), DataSize.ofGigabytes(1), 50_000_000L,
                    256), meters);
            // the first `compared` layers of each side in one call, as a work unit compares its layers
            LayerStack x = LayerStack.of("model-e", Arrays.copyOf(models.get(0).layers(), compared), n,
                    models.get(0).dim());
            LayerStack y = LayerStack.of("model-c", Arrays.copyOf(models.get(1).layers(), compared), n,
                    models.get(1).dim());
            long start = System.nanoTime();
            SimilarityResult result = similarity.compareWhenFree(x, y, SimilarityOptions.linear(LayerPairing.SAME),
                    "bench");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%d same-index layer pairs in one call: linear CKA %.6f (layer 0) .. %.6f "
                    + "(layer %d) in %.1f s, %.1f s per pair (%s form); %s%n", compared, result.values()[0],
                    result.values()[compared - 1], compared - 1, seconds, seconds / compared, result.method(), memory());
        } finally {
            extractor.stop(0);
            // the server's request threads are not daemons: without this the JVM would stay up
            ((java.util.concurrent.ExecutorService) extractor.getExecutor()).shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Heap peak over all heap pools (since start) and the process's peak RSS. */
    private static String memory() {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT, "heap peak %d MiB, peak RSS %d MiB (of it, anonymous memory at most %d MiB; "
                + "the rest is pages of the memory-mapped activation files, which the kernel reclaims)", heapPeak >> 20,
                peakRssMiB(), ANONYMOUS_PEAK.get() >> 10);
    }

    /** VmHWM counts touched pages of mapped files too: RssAnon, sampled, is the memory the process holds. */
    private static void sampleAnonymousMemory() {
        Thread sampler = new Thread(() -> {
            while (true) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                        if (line.startsWith("RssAnon:")) {
                            ANONYMOUS_PEAK.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
                        }
                    }
                    Thread.sleep(100);
                } catch (IOException | NumberFormatException | InterruptedException e) {
                    return; // not Linux
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * An extractor that answers every activation request with [layers, inputs, dim] float32 values that depend on
     * the model, the prompt (its number), the layer and the feature, and lists a revision for every model.
     */
    private static HttpServer syntheticExtractor(int dim) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models/", exchange -> {
            byte[] body = "{\"revision\": \"r1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/v1/activations", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            int rows = request.get("inputs").size();
            JsonNode layers = request.get("layers");
            double salt = request.get("model").asString().hashCode() % 7 + 1;
            float[] values = new float[layers.size() * rows * dim];
            for (int l = 0; l < layers.size(); l++) {
                for (int r = 0; r < rows; r++) {
                    String text = request.get("inputs").get(r).get("text").asString();
                    int prompt = Integer.parseInt(text.substring(text.indexOf(' ') + 1));
                    int base = (l * rows + r) * dim;
                    for (int f = 0; f < dim; f++) {
                        values[base + f] = (float) Math.sin(0.001 * prompt * (f + 1) + salt * (layers.get(l).asInt()
                                + 1) + 0.1 * f);
                    }
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-npy");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
                NpyWriter.writeHeader(out, NpyDType.FLOAT32, new int[] {layers.size(), rows, dim});
                ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    if (!buffer.hasRemaining()) {
                        out.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    buffer.putFloat(v);
                }
                out.write(buffer.array(), 0, buffer.position());
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }
}
