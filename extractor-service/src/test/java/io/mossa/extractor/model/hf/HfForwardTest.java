package io.mossa.extractor.model.hf;

import static io.mossa.extractor.testmodels.HiddenStateAssertions.maxRelativeError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.mossa.extractor.testmodels.ReferenceTransformer;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.extractor.testmodels.TinyModel.Layout;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch forward passes against the plain-loop reference and against themselves (dtypes, Hub
 * layouts, batching, causality), on tiny checkpoints written by the test.
 */
class HfForwardTest {

    /** Float32 on PyTorch against the double reference after three layers. */
    private static final double REFERENCE_TOLERANCE = 1e-5;
    /** The promise for an input run in a batch versus alone. */
    private static final double BATCH_TOLERANCE = 1e-5;

    @TempDir
    static Path tmp;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("gpt2", TinyModel.gpt2(11)),
                Arguments.of("llama", TinyModel.llamaFamily("llama", 12, 4, 10000, null)),
                Arguments.of("llama-gqa", TinyModel.llamaFamily("llama", 13, 2, 10000, null)),
                Arguments.of("llama3-rope-scaling", TinyModel.llamaFamily("llama", 14, 2, 500000,
                        new double[] {8, 1, 4, 16})),
                Arguments.of("mistral", TinyModel.llamaFamily("mistral", 15, 1, 10000, null)),
                Arguments.of("qwen2-qkv-bias", TinyModel.llamaFamily("qwen2", 16, 2, 1000000, null)),
                Arguments.of("bert", TinyModel.bert(17)));
    }

    static Stream<Arguments> decoders() {
        return models().filter(a -> !a.get()[0].equals("bert"));
    }

    /** Inputs of different lengths, ids drawn from the words (no special tokens needed for the math). */
    private static List<long[]> inputs(TinyModel model, int... lengths) {
        List<long[]> inputs = new ArrayList<>();
        for (int n = 0; n < lengths.length; n++) {
            int salt = n;
            inputs.add(IntStream.range(0, lengths[n])
                    .mapToLong(t -> (t * 7L + salt * 3L + 1) % model.vocab).toArray());
        }
        return inputs;
    }

    static float[][][] run(Path dir, List<long[]> inputs, int layers) throws Exception {
        return run(dir, inputs, layers, ComputeOptions.cpuFloat32());
    }

    static float[][][] run(Path dir, List<long[]> inputs, int layers, ComputeOptions compute) throws Exception {
        HfCheckpoint checkpoint = HfCheckpoint.inspect(dir);
        int[] all = IntStream.rangeClosed(0, layers).toArray();
        float[][][] out = new float[inputs.size()][all.length][];
        try (HfEncoder encoder = HfEncoder.load(checkpoint, compute)) {
            encoder.forward(inputs, all, (input, slot, states) -> out[input][slot] = states);
        }
        return out;
    }

    private static Path write(String name, TinyModel model, Layout layout) throws Exception {
        return model.write(tmp.resolve(name + "-" + layout.hashCode()), layout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyHiddenStateMatchesThePlainLoopReference(String name, TinyModel model) throws Exception {
        Path dir = write(name, model, Layout.plain("F32"));
        List<long[]> inputs = inputs(model, 9, 4, 13);
        float[][][] served = run(dir, inputs, model.layers);
        ReferenceTransformer reference = new ReferenceTransformer(model);
        for (int i = 0; i < inputs.size(); i++) {
            double[][][] expected = reference.hiddenStates(inputs.get(i));
            assertThat(served[i].length).isEqualTo(model.layers + 1);
            for (int l = 0; l <= model.layers; l++) {
                assertThat(maxRelativeError(served[i][l], expected[l])).as("%s input %d layer %d", name, i, l)
                        .isLessThan(REFERENCE_TOLERANCE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void float16AndBfloat16FilesGiveTheFloat32Numbers(String name, TinyModel model) throws Exception {
        List<long[]> inputs = inputs(model, 6, 11);
        float[][][] f32 = run(write(name, model, Layout.plain("F32")), inputs, model.layers);
        for (String dtype : List.of("F16", "BF16")) {
            float[][][] other = run(write(name, model, Layout.plain(dtype)), inputs, model.layers);
            for (int i = 0; i < inputs.size(); i++) {
                for (int l = 0; l <= model.layers; l++) {
                    assertThat(other[i][l]).as("%s %s input %d layer %d", name, dtype, i, l).containsExactly(f32[i][l]);
                }
            }
        }
    }

    /**
     * float16 compute (the CUDA configuration) run on the CPU through the same code: every hidden state
     * within a bound derived from float16's unit roundoff u = 2^-11. Each of the model's L blocks rounds
     * its inputs and outputs at a handful of sequential steps (norm, projections, attention, activation,
     * residual), each at most u relative to the vector's scale; 8 steps per block is a generous count, so
     * the bound is 8 u (l + 1) at hidden state l. float32 compute meets a bound 1000 times tighter, which
     * shows the bound is about the dtype, not slack in the model.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void float16ComputeStaysWithinFloat16Rounding(String name, TinyModel model) throws Exception {
        assertWithinRounding(name, model, ai.djl.ndarray.types.DataType.FLOAT16, Math.pow(2, -11));
    }

    /**
     * bfloat16 compute on this CPU's bfloat16 units (the JavaCPP presets bound to DJL's libtorch), every
     * architecture, from files in each stored dtype: the same bound with bfloat16's unit roundoff u = 2^-8.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void bfloat16ComputeStaysWithinBfloat16Rounding(String name, TinyModel model) throws Exception {
        assertWithinRounding(name, model, ai.djl.ndarray.types.DataType.BFLOAT16, Math.pow(2, -8));
    }

    /** Every hidden state within 8 u (l + 1) of the reference, and the error well above float32's. */
    private static void assertWithinRounding(String name, TinyModel model, ai.djl.ndarray.types.DataType dtype,
            double unitRoundoff) throws Exception {
        List<long[]> inputs = inputs(model, 9, 4);
        for (String stored : List.of("F32", "F16", "BF16")) {
            float[][][] served = run(write(name, model, Layout.plain(stored)), inputs, model.layers,
                    new ComputeOptions(ai.djl.Device.cpu(), dtype));
            ReferenceTransformer reference = new ReferenceTransformer(model);
            double worst = 0;
            for (int i = 0; i < inputs.size(); i++) {
                double[][][] expected = reference.hiddenStates(inputs.get(i));
                for (int l = 0; l <= model.layers; l++) {
                    double error = maxRelativeError(served[i][l], expected[l]);
                    assertThat(error).as("%s %s %s input %d layer %d", name, dtype, stored, i, l)
                            .isLessThan(8 * unitRoundoff * (l + 1));
                    worst = Math.max(worst, error);
                }
            }
            // the computation did run in the half dtype: its error is well above float32's
            assertThat(worst).as("%s %s %s", name, dtype, stored).isGreaterThan(1000 * Math.pow(2, -24));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void hubLayoutVariantsLoadTheSameModel(String name, TinyModel model) throws Exception {
        List<long[]> inputs = inputs(model, 7);
        float[][][] plain = run(write(name, model, Layout.plain("F32")), inputs, model.layers);
        List<Layout> layouts = List.of(
                new Layout("F32", true, false, false, false, 1),
                new Layout("F32", false, true, true, true, 1),
                new Layout("BF16", true, true, true, true, 3));
        for (Layout layout : layouts) {
            float[][][] other = run(write(name, model, layout), inputs, model.layers);
            for (int l = 0; l <= model.layers; l++) {
                assertThat(other[0][l]).as("%s %s layer %d", name, layout, l).containsExactly(plain[0][l]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void eachInputInAPaddedBatchEqualsThatInputAlone(String name, TinyModel model) throws Exception {
        Path dir = write(name, model, Layout.plain("F32"));
        List<long[]> inputs = inputs(model, 3, 12, 1, 8);
        float[][][] together = run(dir, inputs, model.layers);
        for (int i = 0; i < inputs.size(); i++) {
            float[][][] alone = run(dir, List.of(inputs.get(i)), model.layers);
            for (int l = 0; l <= model.layers; l++) {
                assertThat(together[i][l]).as("input %d layer %d", i, l).hasSize(inputs.get(i).length * model.hidden);
                assertThat(maxRelativeError(together[i][l], alone[0][l], model.hidden))
                        .as("%s input %d layer %d", name, i, l).isLessThan(BATCH_TOLERANCE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void aTokensStateDoesNotDependOnLaterTokens(String name, TinyModel model) throws Exception {
        Path dir = write(name, model, Layout.plain("F32"));
        long[] full = inputs(model, 14).get(0);
        long[] prefix = Arrays.copyOf(full, 5);
        float[][][] long_ = run(dir, List.of(full), model.layers);
        float[][][] short_ = run(dir, List.of(prefix), model.layers);
        for (int l = 0; l <= model.layers; l++) {
            float[] head = Arrays.copyOf(long_[0][l], prefix.length * model.hidden);
            assertThat(maxRelativeError(head, short_[0][l], model.hidden)).as("%s layer %d", name, l)
                    .isLessThan(BATCH_TOLERANCE);
            // and the appended tokens do have states of their own (the comparison is not vacuous)
            assertThat(long_[0][l]).hasSize(full.length * model.hidden);
        }
    }

    /** One loaded copy serves concurrent calls: each gets exactly what it gets alone. */
    @org.junit.jupiter.api.Test
    void concurrentCallsOnOneLoadedModelDoNotInterfere() throws Exception {
        TinyModel model = TinyModel.llamaFamily("llama", 31, 2, 10000, null);
        HfCheckpoint checkpoint = HfCheckpoint.inspect(write("concurrent", model, Layout.plain("F32")));
        List<List<long[]>> requests = List.of(inputs(model, 12, 3), inputs(model, 5), inputs(model, 9, 9, 2));
        int[] layers = {0, 2, 3};
        try (HfEncoder encoder = HfEncoder.load(checkpoint, ComputeOptions.cpuFloat32())) {
            List<float[][][]> sequential = new ArrayList<>();
            for (List<long[]> request : requests) {
                sequential.add(forward(encoder, request, layers));
            }
            for (int round = 0; round < 3; round++) {
                List<java.util.concurrent.CompletableFuture<float[][][]>> running = requests.stream()
                        .map(r -> java.util.concurrent.CompletableFuture.supplyAsync(() -> forward(encoder, r, layers)))
                        .toList();
                for (int i = 0; i < requests.size(); i++) {
                    float[][][] got = running.get(i).get();
                    for (int input = 0; input < got.length; input++) {
                        for (int slot = 0; slot < layers.length; slot++) {
                            assertThat(got[input][slot]).containsExactly(sequential.get(i)[input][slot]);
                        }
                    }
                }
            }
        }
    }

    private static float[][][] forward(HfEncoder encoder, List<long[]> inputs, int[] layers) {
        float[][][] out = new float[inputs.size()][layers.length][];
        encoder.forward(inputs, layers, (input, slot, states) -> out[input][slot] = states);
        return out;
    }

    /**
     * With the final norm set to the identity, the last entry must be exactly normalised (LayerNorm:
     * mean 0 and variance 1 per token; RMSNorm: mean square 1), while the block outputs before it are not:
     * the final norm is applied to the last entry and only there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void theLastEntryIsTheFinalNormOfTheLastBlock(String name, TinyModel model) throws Exception {
        TinyModel identity = model.withIdentityFinalNorm();
        float[][][] states = run(write(name + "-identity-norm", identity, Layout.plain("F32")),
                inputs(identity, 10), identity.layers);
        boolean layerNorm = identity.modelType.equals("gpt2");
        for (int l = 1; l <= identity.layers; l++) {
            float[] state = states[0][l];
            for (int t = 0; t < 10; t++) {
                double mean = 0;
                double squares = 0;
                for (int k = 0; k < identity.hidden; k++) {
                    double v = state[t * identity.hidden + k];
                    mean += v / identity.hidden;
                    squares += v * v / identity.hidden;
                }
                double statistic = layerNorm ? squares - mean * mean : squares;
                if (l == identity.layers) {
                    assertThat(statistic).as("%s token %d", name, t).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
                    if (layerNorm) {
                        assertThat(mean).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
                    }
                } else {
                    assertThat(Math.abs(statistic - 1)).as("%s layer %d token %d is not normed", name, l, t)
                            .isGreaterThan(1e-2);
                }
            }
        }
    }
}
