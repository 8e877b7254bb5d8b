package io.mossa.cka.similarity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.mossa.cka.similarity.SimilarityEngine.Form;
import io.mossa.cka.similarity.measure.MeasureBenchmark;
import io.mossa.contract.experiment.LayerPairing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * {@code ./mossa bench similarity}: times the engine against a naive per-pair computation and against numpy
 * (float64, the script in cka-service/bench) on the same machine in the same run, and prints the ratios.
 * Not a test: timings on shared machines are noisy, so nothing here asserts a speed.
 *
 * <p>Arguments (all optional): layers n p sampledPairs bigN bigP; defaults 33 2000 1024 11 10000 4096. Then the
 * rows of the other measures ({@link MeasureBenchmark}) with the same sizes, unless -Dbench.ckaOnly=true;
 * -Dbench.measuresOnly=true prints those rows alone.
 */
public final class SimilarityBenchmark {

    private static final int REPEATS = 2;

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int layers = arg(args, 0, 33);
        int n = arg(args, 1, 2000);
        int p = arg(args, 2, 1024);
        int sampled = arg(args, 3, 11);
        int bigN = arg(args, 4, 10000);
        int bigP = arg(args, 5, 4096);
        if (Boolean.getBoolean("bench.measuresOnly")) {
            MeasureBenchmark.run(layers, n, p, sampled, bigN, bigP);
            return;
        }
        SimilarityEngine engine = new SimilarityEngine(Device.cpu(), 16L << 30, 1e12);
        SimilarityOptions all = SimilarityOptions.linear(LayerPairing.ALL);
        Random random = new Random(1);

        warmUp(engine, random);
        LayerStack xs = LayerStack.of("x", gaussianLayers(random, layers, n, p), n, p);
        LayerStack ys = LayerStack.of("y", gaussianLayers(random, layers, n, p), n, p);

        final LayerStack bx = xs;
        final LayerStack by = ys;
        SimilarityResult reuse = engine.compare(bx, by, all, Form.GRAM);
        double reuseSeconds = best(() -> engine.compare(bx, by, all, Form.GRAM));

        Runnable naive = () -> {
            for (int s = 0; s < sampled; s++) {
                engine.compare(bx.slice(s % layers), by.slice((s * 7) % layers), all);
            }
        };
        naive.run();
        double naiveSampled = best(naive);
        double pairs = (double) layers * layers;
        double naiveSeconds = naiveSampled * pairs / sampled;
        xs = null;
        ys = null;

        LayerStack x = LayerStack.of("x", gaussianLayers(random, 1, bigN, bigP), bigN, bigP);
        LayerStack y = LayerStack.of("y", gaussianLayers(random, 1, bigN, bigP), bigN, bigP);
        final LayerStack fx = x;
        final LayerStack fy = y;
        double featureValue = engine.compare(fx, fy, all, Form.FEATURE).values()[0];
        double featureSeconds = best(() -> engine.compare(fx, fy, all, Form.FEATURE));
        double gramValue = engine.compare(fx, fy, all, Form.GRAM).values()[0];
        double gramSeconds = best(() -> engine.compare(fx, fy, all, Form.GRAM));
        x = null;
        y = null;
        System.gc();

        JsonNode numpy = numpy(layers, n, p, sampled, bigN, bigP);
        double numpyNaive = numpy.get("naive_sampled").asDouble() * pairs / sampled;

        System.out.printf("MOSSA similarity benchmark: float64, PyTorch %s (DJL) on %s, %d cores; numpy baseline: %s; "
                + "float32 inputs computed in float64; best of " + REPEATS + " runs after a warm-up run, both sides%n",
                Engine.getEngine("PyTorch").getVersion(), Device.cpu(), Runtime.getRuntime().availableProcessors(),
                "cka-service/bench/cka_numpy.py");
        System.out.printf("%-62s %10s %10s %12s%n", "computation", "MOSSA s", "numpy s", "numpy/MOSSA");
        row(String.format("%dx%d layer matrix, n=%d, p=q=%d, Gram reuse", layers, layers, n, p), reuseSeconds,
                numpy.get("reuse").asDouble());
        row(String.format("%dx%d layer matrix, naive per pair (%d of %.0f timed, scaled)", layers, layers, sampled,
                pairs), naiveSeconds, numpyNaive);
        row(String.format("linear CKA n=%d, p=q=%d, feature form", bigN, bigP), featureSeconds,
                numpy.get("feature").asDouble());
        row(String.format("linear CKA n=%d, p=q=%d, Gram form", bigN, bigP), gramSeconds, numpy.get("gram").asDouble());
        System.out.printf("Gram reuse vs naive per pair (MOSSA): %.1fx faster%n", naiveSeconds / reuseSeconds);
        System.out.printf("feature vs Gram form agree: %.15f vs %.15f (|diff| %.1e); layer matrix [0][0] = %.6f%n",
                featureValue, gramValue, Math.abs(featureValue - gramValue), reuse.values()[0]);
        if (!Boolean.getBoolean("bench.ckaOnly")) {
            MeasureBenchmark.run(layers, n, p, sampled, bigN, bigP);
        }
    }

    /**
     * The best of {@link #REPEATS} timed runs, after the untimed first run the caller did: on a fresh VM the first
     * touch of memory pages is far slower than any later one, for numpy as well (its script does the same).
     */
    private static double best(Runnable computation) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long start = System.nanoTime();
            computation.run();
            best = Math.min(best, seconds(start));
        }
        return best;
    }

    private static void row(String name, double mossa, double numpy) {
        System.out.printf("%-62s %10.2f %10.2f %12.2f%n", name, mossa, numpy, numpy / mossa);
    }

    private static JsonNode numpy(int... args) throws IOException, InterruptedException {
        Path script = Path.of("cka-service/bench/cka_numpy.py");
        if (!Files.exists(script)) {
            script = Path.of("bench/cka_numpy.py");
        }
        String[] command = new String[args.length + 2];
        command[0] = "python3";
        command[1] = script.toString();
        for (int i = 0; i < args.length; i++) {
            command[i + 2] = Integer.toString(args[i]);
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the numpy baseline failed: " + out);
        }
        return JsonMapper.builder().build().readTree(out);
    }

    private static void warmUp(SimilarityEngine engine, Random random) {
        LayerStack a = LayerStack.of("x", gaussianLayers(random, 2, 600, 300), 600, 300);
        engine.compare(a, a, SimilarityOptions.linear(LayerPairing.ALL), Form.GRAM);
        engine.compare(a, a, SimilarityOptions.linear(LayerPairing.ALL), Form.FEATURE);
    }

    private static float[][] gaussianLayers(Random random, int layers, int n, int p) {
        float[][] out = new float[layers][n * p];
        for (float[] layer : out) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = (float) random.nextGaussian();
            }
        }
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
