package io.mossa.extractor.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.bench.RandomCheckpoint.ModelShape;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfEncoder;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/**
 * Forward throughput of a random checkpoint of a real model's shape through the service's HuggingFace
 * path, next to the matmul rates of the same engine measured in the same run, with load time against the
 * disk's read rate and the process's peak RSS during load and during the forward passes.
 *
 * <pre>
 * ./mossa bench forward [gpt2-small|llama-1b|llama-7b] [float32|float16|bfloat16]
 * </pre>
 *
 * The dtype is the checkpoint's. Every checkpoint runs in float32 compute (a half-precision one with its
 * weights kept in half precision, converted layer by layer, see CheckpointWeights); a bfloat16 checkpoint
 * then runs again in bfloat16 compute (products on the CPU's bfloat16 units, see model.hf.bfloat16), and the
 * two tokens/s are compared, each next to its own dtype's matmul rate measured beside every timed pass; when
 * its float32 copy takes at most 2 GiB (GPT-2 small), a float32 file of the same values runs too ("f32 file"),
 * MOSSA's own float32 speed, since float32 compute of a bfloat16 file also widens each layer on every pass.
 * The checkpoint's own dtype is first loaded alone (load time and peak RSS); then all computes are loaded
 * together and timed in turns. The peak RSS column then covers every loaded compute, and counts the file's pages once per model
 * that maps them (VmHWM counts each mapping): the figure of one compute is the one printed for it alone.
 * float16 does not compute on a CPU (its matmul is ~0.4 GFLOP/s; its rate is printed).
 *
 * <p>FLOPs are counted, not measured: 2 x (weights used in matmuls) per token plus attention's QK^T and PV,
 * 4 x T^2 x (heads x head dim) per layer and sequence. Every pass returns all L+1 hidden states to Java.
 * The checkpoint is written under -Dbench.dir (default java.io.tmpdir) and deleted at the end; before
 * loading, its pages are dropped from the page cache (GNU dd iflag=nocache) so that loading reads the disk,
 * whose rate is measured with O_DIRECT reads. Peak RSS is /proc/self/status VmHWM, reset before each phase
 * (clear_refs 5). A 7B bfloat16 checkpoint needs 12.6 GiB of disk and about 14 GB of memory.
 * Options: -Dbench.seq=128 -Dbench.batches=1,8,32 -Dbench.repeats=3 -Dai.djl.pytorch.num_threads=N.
 */
public final class ForwardBenchmark {

    /** A bfloat16 checkpoint's float32 copy (twice its size) is written for comparison up to this size. */
    private static final long F32_COPY_MAX_BYTES = 2L << 30;

    private ForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ModelShape shape = ModelShape.parse(args.length > 0 ? args[0] : "gpt2-small");
        DataType dtype = ComputeOptions.parseDtype(args.length > 1 ? args[1] : "float32");
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must be float32, float16 or bfloat16");
        }
        SafetensorsDType stored = switch (dtype) {
            case FLOAT16 -> SafetensorsDType.F16;
            case BFLOAT16 -> SafetensorsDType.BF16;
            default -> SafetensorsDType.F32;
        };
        int seq = Integer.getInteger("bench.seq", 128);
        int[] batches = Arrays.stream(System.getProperty("bench.batches", "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repeats = Integer.getInteger("bench.repeats", 3);
        Path root = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf("engine: PyTorch %s, %d CPU cores visible, torch threads %s%n", engine.getVersion(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default (see the engine's log line)"));
        System.out.printf("float32 matmul 2048^3: best %.1f GFLOP/s%n",
                matmulGflops(DataType.FLOAT32, 2048, repeats + 2)[0]);
        System.out.println(storedDtypeMatmul(dtype));

        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, "mossa-bench-" + shape.wireName() + "-");
        try {
            long writeStart = System.nanoTime();
            long bytes = RandomCheckpoint.write(dir, shape, stored, 42);
            HfCheckpoint checkpoint = HfCheckpoint.inspect(dir);
            long matmulParams = checkpoint.spec().tensors().stream().filter(ForwardBenchmark::isMatmulWeight)
                    .mapToLong(t -> t.shape()[0] * t.shape()[1]).sum();
            int layers = checkpoint.spec().numLayers();
            int hidden = checkpoint.spec().hiddenSize();
            System.out.printf("model: %s shape, %s, %d layers, hidden %d, %,d parameters (%,d in matmuls), "
                    + "%.2f GiB in %d file(s), written in %.0f s%n", shape.wireName(), ComputeOptions.dtypeName(dtype),
                    layers, hidden, checkpoint.parameterCount(), matmulParams, bytes / (double) (1L << 30),
                    shards(dir).size(), (System.nanoTime() - writeStart) / 1e9);

            double diskRate = directReadRate(shards(dir).get(0), 2L << 30);
            List<ComputeOptions> computes = new ArrayList<>(List.of(ComputeOptions.cpuFloat32()));
            if (dtype == DataType.BFLOAT16) {
                computes.add(new ComputeOptions(Device.cpu(), DataType.BFLOAT16));
            }
            // The checkpoint's own dtype is measured alone first: a closed model's mapped buffers are unmapped
            // only when collected (System.gc() did not free them here), and until then their pages count in the
            // RSS and cannot be dropped from the page cache, so a later compute's figures alone would be inflated.
            ComputeOptions alone = computes.get(computes.size() - 1);
            dropFromPageCache(shards(dir));
            resetPeakRss();
            long loadStart = System.nanoTime();
            try (HfEncoder encoder = HfEncoder.load(checkpoint, alone)) {
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                long loadPeak = peakRssBytes();
                // one short pass touches every weight: the mapped file's pages join the RSS
                encoder.forward(List.of(new Random(3).longs(16, 0, checkpoint.spec().vocabSize()).toArray()),
                        IntStream.rangeClosed(0, layers).toArray(), (i, slot, st) -> { });
                long passPeak = peakRssBytes();
                System.out.printf("%s compute, alone: load %.1f s = %.2f GB/s (disk read rate, O_DIRECT, same run: "
                        + "%.2f GB/s); peak RSS during load %.2f GiB, with a 16-token pass %.2f GiB = checkpoint "
                        + "+ %.2f GiB%n", ComputeOptions.dtypeName(alone.dtype()), loadSeconds,
                        bytes / loadSeconds / 1e9, diskRate, loadPeak / (double) (1L << 30),
                        passPeak / (double) (1L << 30), (passPeak - bytes) / (double) (1L << 30));
            }
            // all computes loaded together (they share the mapped file) and timed in turns, pass by pass, so
            // that a change in the machine's load hits every dtype alike
            List<HfEncoder> encoders = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            double[][] tokensPerSecond = new double[computes.size() + 1][batches.length];
            try {
                for (ComputeOptions compute : computes) {
                    encoders.add(HfEncoder.load(checkpoint, compute));
                    labels.add(ComputeOptions.dtypeName(compute.dtype()));
                }
                // MOSSA's own float32 speed is that of a float32 file (mapped, nothing widened per pass): for a
                // bfloat16 checkpoint small enough, a float32 copy with the same values is timed too
                if (dtype == DataType.BFLOAT16 && 2 * bytes <= F32_COPY_MAX_BYTES) {
                    Path copy = Files.createDirectories(dir.resolve("f32"));
                    RandomCheckpoint.write(copy, shape, SafetensorsDType.F32, 42);
                    encoders.add(0, HfEncoder.load(HfCheckpoint.inspect(copy), ComputeOptions.cpuFloat32()));
                    labels.add(0, "f32 file");
                }
                int[] all = IntStream.rangeClosed(0, layers).toArray();
                Random random = new Random(7);
                int vocab = checkpoint.spec().vocabSize();
                for (HfEncoder encoder : encoders) {
                    encoder.forward(List.of(random.longs(16, 0, vocab).toArray()), all, (i, slot, st) -> { });
                }
                System.out.printf("%n%-9s %6s %6s %12s %12s %14s %16s %10s %14s%n", "compute", "batch", "seq",
                        "median s", "tokens/s", "GFLOP/s", "matmul GF/s", "of matmul", "peak RSS GiB");
                for (int bi = 0; bi < batches.length; bi++) {
                    int batch = batches[bi];
                    List<long[]> inputs = new ArrayList<>();
                    for (int b = 0; b < batch; b++) {
                        inputs.add(random.longs(seq, 0, vocab).toArray());
                    }
                    resetPeakRss();
                    double[][] seconds = new double[encoders.size()][repeats];
                    double[][] peaks = new double[encoders.size()][repeats];
                    for (int r = 0; r < repeats; r++) {
                        for (int c = 0; c < encoders.size(); c++) {
                            // measured next to every timed pass: on a shared machine the rate changes by the minute
                            peaks[c][r] = labels.get(c).equals("bfloat16")
                                    ? Bfloat16Matmul.gflops(2048, 3)[0] : matmulGflops(DataType.FLOAT32, 2048, 3)[0];
                            int[] states = new int[1];
                            long start = System.nanoTime();
                            encoders.get(c).forward(inputs, all, (i, slot, st) -> states[0]++);
                            seconds[c][r] = (System.nanoTime() - start) / 1e9;
                            if (states[0] != batch * all.length) {
                                throw new IllegalStateException("expected " + batch * all.length
                                        + " hidden states, got " + states[0]);
                            }
                        }
                    }
                    long tokens = (long) batch * seq;
                    double flops = 2.0 * matmulParams * tokens + 4.0 * layers * batch * (double) seq * seq * hidden;
                    for (int c = 0; c < encoders.size(); c++) {
                        double median = median(seconds[c]);
                        double peakNow = median(peaks[c]);
                        double gflops = flops / median / 1e9;
                        tokensPerSecond[c][bi] = tokens / median;
                        System.out.printf("%-9s %6d %6d %12.3f %12.1f %14.1f %16.1f %9.0f%% %14.2f%n",
                                labels.get(c), batch, seq, median, tokens / median,
                                gflops, peakNow, 100 * gflops / peakNow, peakRssBytes() / (double) (1L << 30));
                    }
                }
            } finally {
                encoders.forEach(HfEncoder::close);
            }
            int bf16 = labels.indexOf("bfloat16");
            for (int bi = 0; bi < batches.length && bf16 >= 0; bi++) {
                StringBuilder line = new StringBuilder("batch " + batches[bi] + ": bfloat16 compute");
                for (int c = 0; c < bf16; c++) {
                    line.append(String.format(" %.2fx %s", tokensPerSecond[bf16][bi] / tokensPerSecond[c][bi],
                            labels.get(c).equals("float32") ? "float32 compute (bfloat16 file)" : "float32 compute "
                                    + "(float32 file)"));
                }
                System.out.println(line.append(" tokens/s (same run)"));
            }
            System.out.printf("every pass returned all %d hidden states of every input%n", layers + 1);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static boolean isMatmulWeight(TensorSpec t) {
        String n = t.name();
        return t.shape().length == 2 && !n.contains("embed") && !n.startsWith("wte") && !n.startsWith("wpe");
    }

    private static String storedDtypeMatmul(DataType dtype) {
        return switch (dtype) {
            case FLOAT16 -> String.format("float16 matmul 512^3: best %.2f GFLOP/s (why float16 does not compute "
                    + "on this CPU)", matmulGflops(DataType.FLOAT16, 512, 2)[0]);
            case BFLOAT16 -> String.format("bfloat16 matmul 2048^3 on the CPU's bfloat16 units (libtorch through the "
                    + "JavaCPP presets): best %.1f GFLOP/s", Bfloat16Matmul.gflops(2048, 5)[0]);
            default -> "(checkpoint stored in float32: computed as stored)";
        };
    }

    private static List<Path> shards(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".safetensors")).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Bytes per second reading up to {@code limit} bytes of {@code file} past the page cache. */
    private static double directReadRate(Path file, long limit) throws IOException {
        int block = 16 << 20;
        ByteBuffer aligned = ByteBuffer.allocateDirect(block + 4096).alignedSlice(4096).limit(block);
        long size = Math.min(limit, Files.size(file)) / block * block;
        if (size == 0) {
            return Double.NaN;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ,
                com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            long start = System.nanoTime();
            for (long at = 0; at < size; at += block) {
                aligned.clear();
                while (aligned.hasRemaining()) {
                    if (in.read(aligned, at + aligned.position()) < 0) {
                        break;
                    }
                }
            }
            return size / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    private static void dropFromPageCache(List<Path> files) throws IOException, InterruptedException {
        for (Path f : files) {
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
                channel.force(true); // dirty pages of a file just written cannot be dropped
            }
            Process dd = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none")
                    .redirectErrorStream(true).start();
            if (dd.waitFor() != 0) {
                System.out.println("note: could not drop " + f.getFileName() + " from the page cache: "
                        + new String(dd.getInputStream().readAllBytes()).trim());
            }
        }
    }

    private static void resetPeakRss() throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    private static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Best and median GFLOP/s of repeated n^3 matmuls in {@code dtype} (after one warm-up). */
    static double[] matmulGflops(DataType dtype, int n, int repeats) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(n, n)).toType(dtype, false);
            NDArray b = manager.randomNormal(new Shape(n, n)).toType(dtype, false);
            a.matMul(b).close();
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toType(DataType.FLOAT32, false).getFloat(0, 0); // forces completion on every device
                rates[r] = 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9;
                c.close();
            }
            Arrays.sort(rates);
            return new double[] {rates[repeats - 1], rates[repeats / 2]};
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
