package io.mossa.extractor.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forward throughput of a GPT-2 small shaped checkpoint (124M parameters, random weights written to a
 * temporary directory) through the service's HuggingFace path, next to the machine's float32 matmul rate
 * measured with the same engine in the same run.
 *
 * <pre>
 * mvn -o -q -pl extractor-service test-compile exec:java \
 *     -Dexec.mainClass=io.mossa.extractor.bench.ForwardBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * FLOPs are counted, not measured: 2 x (weights used in matmuls) per token, plus attention's
 * QK^T and PV products, 4 x T^2 x hidden per layer and sequence (the full T x T square is computed; the
 * causal half is masked afterwards). Embedding lookups, norms and activations are not counted.
 * Every forward pass returns all 13 hidden states to Java, as an "every layer" CKA request does.
 * The matmul rate is measured again before each timed pass (best of 3) and the ratio compares medians
 * taken at the same moments, so that load from other processes affects both sides alike.
 * Options: -Dbench.seq=128 -Dbench.batches=1,8,32 -Dbench.repeats=3 -Dai.djl.pytorch.num_threads=N.
 */
public final class ForwardBenchmark {

    private static final int LAYERS = 12;
    private static final int HIDDEN = 768;
    private static final int HEADS = 12;
    private static final int INNER = 3072;
    private static final int VOCAB = 50257;
    private static final int POSITIONS = 1024;

    private ForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seq = Integer.getInteger("bench.seq", 128);
        int[] batches = Arrays.stream(System.getProperty("bench.batches", "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repeats = Integer.getInteger("bench.repeats", 3);
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf("engine: PyTorch %s, %d CPU cores visible, torch threads %s%n", engine.getVersion(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default (see the engine's log line)"));

        double[] peak = matmulGflops(repeats + 2);
        System.out.printf("f32 matmul 2048x2048x2048: best %.1f GFLOP/s, median %.1f GFLOP/s%n", peak[0], peak[1]);

        Path dir = Files.createTempDirectory("mossa-bench-gpt2");
        try {
            long written = writeCheckpoint(dir, 42);
            HfCheckpoint checkpoint = HfCheckpoint.inspect(dir);
            long matmulParams = (long) LAYERS * (HIDDEN * 3L * HIDDEN + (long) HIDDEN * HIDDEN + 2L * HIDDEN * INNER);
            System.out.printf("model: gpt2 shape, %d layers, hidden %d, %,d parameters (%,d in matmuls), %d MB "
                    + "checkpoint%n", LAYERS, HIDDEN, checkpoint.parameterCount(), matmulParams, written >> 20);
            long loadStart = System.nanoTime();
            try (HfEncoder encoder = HfEncoder.load(checkpoint, ComputeOptions.cpuFloat32())) {
                System.out.printf("load: %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
                int[] layers = IntStream.rangeClosed(0, LAYERS).toArray();
                System.out.printf("%n%6s %6s %12s %12s %14s %14s %10s%n", "batch", "seq", "median s", "tokens/s",
                        "GFLOP/s", "matmul GFLOP/s", "of matmul");
                Random random = new Random(7);
                for (int batch : batches) {
                    List<long[]> inputs = new ArrayList<>();
                    for (int b = 0; b < batch; b++) {
                        inputs.add(random.longs(seq, 0, VOCAB).toArray());
                    }
                    encoder.forward(inputs, layers, (i, slot, states) -> { }); // warm-up
                    // The matmul rate is measured next to every timed pass, because on a shared machine the
                    // rate available changes from minute to minute; the ratio uses rates from the same moments.
                    double[] seconds = new double[repeats];
                    double[] peaks = new double[repeats];
                    for (int r = 0; r < repeats; r++) {
                        peaks[r] = matmulGflops(3)[0];
                        long start = System.nanoTime();
                        encoder.forward(inputs, layers, (i, slot, states) -> { });
                        seconds[r] = (System.nanoTime() - start) / 1e9;
                    }
                    double median = median(seconds);
                    double peakNow = median(peaks);
                    long tokens = (long) batch * seq;
                    double flops = 2.0 * matmulParams * tokens + 4.0 * LAYERS * batch * (double) seq * seq * HIDDEN;
                    double gflops = flops / median / 1e9;
                    System.out.printf("%6d %6d %12.3f %12.1f %14.1f %14.1f %9.0f%%%n", batch, seq, median,
                            tokens / median, gflops, peakNow, 100 * gflops / peakNow);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Best and median GFLOP/s of repeated 2048^3 float32 matmuls (after one warm-up). */
    static double[] matmulGflops(int repeats) {
        int n = 2048;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion on every device
                rates[r] = 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9;
                c.close();
            }
            Arrays.sort(rates);
            return new double[] {rates[repeats - 1], rates[repeats / 2]};
        }
    }

    /** Streams a random GPT-2 small checkpoint (F32) into dir: config.json, tokenizer.json, model.safetensors. */
    static long writeCheckpoint(Path dir, long seed) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("wte.weight", new long[] {VOCAB, HIDDEN});
        shapes.put("wpe.weight", new long[] {POSITIONS, HIDDEN});
        for (int i = 0; i < LAYERS; i++) {
            String p = "h." + i + ".";
            shapes.put(p + "ln_1.weight", new long[] {HIDDEN});
            shapes.put(p + "ln_1.bias", new long[] {HIDDEN});
            shapes.put(p + "attn.c_attn.weight", new long[] {HIDDEN, 3L * HIDDEN});
            shapes.put(p + "attn.c_attn.bias", new long[] {3L * HIDDEN});
            shapes.put(p + "attn.c_proj.weight", new long[] {HIDDEN, HIDDEN});
            shapes.put(p + "attn.c_proj.bias", new long[] {HIDDEN});
            shapes.put(p + "ln_2.weight", new long[] {HIDDEN});
            shapes.put(p + "ln_2.bias", new long[] {HIDDEN});
            shapes.put(p + "mlp.c_fc.weight", new long[] {HIDDEN, INNER});
            shapes.put(p + "mlp.c_fc.bias", new long[] {INNER});
            shapes.put(p + "mlp.c_proj.weight", new long[] {INNER, HIDDEN});
            shapes.put(p + "mlp.c_proj.bias", new long[] {HIDDEN});
        }
        shapes.put("ln_f.weight", new long[] {HIDDEN});
        shapes.put("ln_f.bias", new long[] {HIDDEN});

        JsonMapper json = JsonMapper.builder().build();
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = 4 * Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue(),
                    "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("model.safetensors")),
                1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                long count = Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
                boolean gain = e.getKey().endsWith("ln_1.weight") || e.getKey().endsWith("ln_2.weight")
                        || e.getKey().equals("ln_f.weight");
                boolean bias = e.getKey().endsWith(".bias");
                for (long i = 0; i < count; i++) {
                    float v = gain ? 1f : bias ? 0f : (float) (random.nextGaussian() * 0.02);
                    chunk.putFloat(v);
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
        Files.writeString(dir.resolve("config.json"), json.writeValueAsString(Map.of("model_type", "gpt2",
                "n_embd", HIDDEN, "n_layer", LAYERS, "n_head", HEADS, "n_positions", POSITIONS, "vocab_size", VOCAB,
                "activation_function", "gelu_new", "layer_norm_epsilon", 1e-5)));
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\":\"1.0\",\"model\":{\"type\":\"WordLevel\","
                + "\"vocab\":{\"<unk>\":0},\"unk_token\":\"<unk>\"}}");
        return 8 + headerBytes.length + offset;
    }
}
