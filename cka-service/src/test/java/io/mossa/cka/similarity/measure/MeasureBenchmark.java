package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.tensor.npy.NpyWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The measures' rows of {@code ./mossa bench similarity}: (1) a layers x layers matrix at n x p, with per-layer
 * reuse against a naive computation that redoes both layers' work for every pair, both from the same timed units
 * (one layer's preparation, one pair's computation) measured here on real layers; (2) each measure on one pair at
 * bigN x bigP against numpy (cka-service/bench/measures_numpy.py, the measure as its paper's code computes it) on
 * the same float32 data, with the two values side by side. Not a test: nothing asserts a speed.
 *
 * <p>{@code -Dbench.measures=cca,rsa} limits the measures (default: all but cka, which has its own rows).
 */
public final class MeasureBenchmark {

    private MeasureBenchmark() {
    }

    public static void run(int layers, int n, int p, int sampled, int bigN, int bigP) throws Exception {
        List<MeasureType> types = selected();
        Random random = new Random(2);
        warmUp(types, random);
        System.out.printf("%nMeasures: %dx%d layer matrix at n=%d, p=q=%d from timed units (%d layers prepared, %d "
                + "pairs timed per measure); reuse = %d layers x prepare + %d pairs x pair, naive = %d pairs x "
                + "(2 x prepare + pair)%n", layers, layers, n, p, 4, sampled, 2 * layers, layers * layers,
                layers * layers);
        System.out.printf("%-20s %12s %12s %12s %12s %12s%n", "measure", "prepare s", "pair s", "reuse s", "naive s",
                "naive/reuse");
        LayerStack xs = LayerStack.of("x", gaussian(random, 2, n, p), n, p);
        LayerStack ys = LayerStack.of("y", gaussian(random, 2, n, p), n, p);
        for (MeasureType type : types) {
            double[] units = units(type, xs, ys, sampled);
            double pairs = (double) layers * layers;
            double reuse = 2 * layers * units[0] + pairs * units[1];
            double naive = pairs * (2 * units[0] + units[1]);
            System.out.printf("%-20s %12.3f %12.4f %12.1f %12.1f %12.1f%n", type.wire(), units[0], units[1], reuse,
                    naive, naive / reuse);
        }
        xs = null;
        ys = null;

        Path folder = Files.createTempDirectory("mossa-measures-bench");
        try {
            float[][] x = gaussian(random, 1, bigN, bigP);
            // y a noisy linear image of x, so that the measures are away from their extremes
            float[][] y = related(random, x[0], bigN, bigP);
            write(folder.resolve("x.npy"), x[0], bigN, bigP);
            write(folder.resolve("y.npy"), y[0], bigN, bigP);
            LayerStack bx = LayerStack.of("x", x, bigN, bigP);
            LayerStack by = LayerStack.of("y", y, bigN, bigP);
            MeasureEngine engine = new MeasureEngine(Device.cpu(), 64L << 30, 1e15);
            System.out.printf("%nMeasures on one pair, n=%d, p=q=%d, float32 data computed in float64, one timed run "
                    + "each side; numpy: cka-service/bench/measures_numpy.py%n", bigN, bigP);
            System.out.printf("%-20s %10s %10s %12s %14s %14s%n", "measure", "MOSSA s", "numpy s", "numpy/MOSSA",
                    "MOSSA value", "numpy value");
            for (MeasureType type : types) {
                long start = System.nanoTime();
                double value = engine.compare(bx, by, MeasureOptions.of(type, LayerPairing.ALL)).values()[0];
                double seconds = (System.nanoTime() - start) / 1e9;
                JsonNode numpy = numpy(folder, type);
                double numpySeconds = numpy.get("seconds").asDouble();
                System.out.printf("%-20s %10.2f %10.2f %12.2f %14.10f %14.10f%n", type.wire(), seconds, numpySeconds,
                        numpySeconds / seconds, value, numpy.get("value").asDouble());
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static List<MeasureType> selected() {
        String names = System.getProperty("bench.measures");
        List<MeasureType> out = new ArrayList<>();
        for (MeasureType type : MeasureType.values()) {
            if (type != MeasureType.CKA && (names == null || List.of(names.split(",")).contains(type.wire()))) {
                out.add(type);
            }
        }
        return out;
    }

    /** {seconds to prepare one layer, seconds of one pair}, averaged over 4 layers and {@code sampled} pairs. */
    private static <S extends LayerState<S>> double[] units(MeasureType type, LayerStack xs, LayerStack ys,
            int sampled) {
        @SuppressWarnings("unchecked")
        LayerMeasure<S> measure = (LayerMeasure<S>) MeasureEngine.measure(MeasureOptions.of(type, LayerPairing.ALL));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            List<S> x = new ArrayList<>();
            List<S> y = new ArrayList<>();
            long start = System.nanoTime();
            for (int l = 0; l < 2; l++) {
                x.add(prepare(measure, xs, l, manager));
                y.add(prepare(measure, ys, l, manager));
            }
            double prepare = (System.nanoTime() - start) / 1e9 / 4;
            start = System.nanoTime();
            for (int s = 0; s < sampled; s++) {
                measure.compare(x.get(s % 2), y.get((s / 2) % 2));
            }
            double pair = (System.nanoTime() - start) / 1e9 / sampled;
            x.forEach(LayerState::close);
            y.forEach(LayerState::close);
            return new double[] {prepare, pair};
        }
    }

    private static <S extends LayerState<S>> S prepare(LayerMeasure<S> measure, LayerStack side, int layer,
            NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return measure.prepare(side.layer(layer, scope), side.isConstant(layer), manager);
        }
    }

    private static void warmUp(List<MeasureType> types, Random random) {
        MeasureEngine engine = new MeasureEngine(Device.cpu(), 8L << 30, 1e12);
        LayerStack a = LayerStack.of("x", gaussian(random, 2, 300, 64), 300, 64);
        for (MeasureType type : types) {
            engine.compare(a, a, MeasureOptions.of(type, LayerPairing.ALL));
        }
    }

    private static JsonNode numpy(Path folder, MeasureType type) throws IOException, InterruptedException {
        Path script = Path.of("cka-service/bench/measures_numpy.py");
        if (!Files.exists(script)) {
            script = Path.of("bench/measures_numpy.py");
        }
        Process process = new ProcessBuilder("python3", script.toString(), folder.toString(), type.wire(),
                Integer.toString(MeasureOptions.DEFAULT_K), Double.toString(MeasureOptions.DEFAULT_SVCCA_VARIANCE))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the numpy baseline failed for " + type.wire() + ": " + out);
        }
        return JsonMapper.builder().build().readTree(out);
    }

    private static void write(Path file, float[] data, int n, int p) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            NpyWriter.writeFloat32(out, new int[] {n, p}, data);
        }
    }

    private static float[][] gaussian(Random random, int layers, int n, int p) {
        float[][] out = new float[layers][n * p];
        for (float[] layer : out) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = (float) random.nextGaussian();
            }
        }
        return out;
    }

    /** y = x with its features mixed in blocks of 8 (a cheap invertible-ish map) plus as much noise. */
    private static float[][] related(Random random, float[] x, int n, int p) {
        float[] y = new float[n * p];
        double[] mix = new double[8];
        for (int i = 0; i < 8; i++) {
            mix[i] = random.nextGaussian();
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < p; c++) {
                double sum = 0;
                int block = c - c % 8;
                for (int i = 0; i < 8 && block + i < p; i++) {
                    sum += mix[(c + i) % 8] * x[r * p + block + i];
                }
                y[r * p + c] = (float) (sum + random.nextGaussian() * 2);
            }
        }
        return new float[][] {y};
    }
}
