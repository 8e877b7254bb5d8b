package io.mossa.extractor.model.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.HiddenStateSink;

/**
 * Runs a rewritten ONNX encoder with DJL's ONNX Runtime engine, one sequence per call.
 *
 * <p>Batch size 1 is deliberate, not a shortcut: inputs sent together must give exactly the numbers
 * they give alone. Measured on the bundled models with ONNX Runtime 1.21.1 (CPU, 1 thread): the int8
 * graph run as a batch of two differs in every value from the single runs, by up to 0.41 absolute,
 * both with right padding (9 + 4 tokens) and with two equal-length inputs, because
 * DynamicQuantizeLinear takes one scale over the whole tensor, so each input changes the others'
 * quantization. The fp32 graph happened to match bit for bit in that measurement, but nothing
 * guarantees it for other lengths or thread counts. A single unpadded sequence has no padding and
 * nothing to share, so results cannot depend on the rest of the request.
 *
 * <p>The inputs of one call run at the same time on the process's {@link SequencePool}, each still alone. The ONNX
 * Runtime session is shared by concurrent runs (its {@code run} is thread-safe); each run owns its own NDManager so
 * tensors are freed when it returns.
 */
public final class OnnxEncoder implements Encoder {

    private final Model model;
    private final OnnxGraphInfo info;
    private final SequencePool sequences;

    private OnnxEncoder(Model model, OnnxGraphInfo info, SequencePool sequences) {
        this.model = model;
        this.info = info;
        this.sequences = sequences;
    }

    /**
     * @param file           a model whose hidden states are graph outputs (see {@link OnnxGraphRewriter})
     * @param intraOpThreads ONNX Runtime intra-op threads per sequence; 0 keeps its default (one per core)
     * @param sequences      the threads the inputs of a call run on
     */
    public static OnnxEncoder load(String id, Path file, OnnxGraphInfo info, int intraOpThreads,
            SequencePool sequences) throws IOException, MalformedModelException {
        Model model = Model.newInstance(id, Device.cpu(), "OnnxRuntime");
        Map<String, String> options = new HashMap<>();
        if (intraOpThreads > 0) {
            // DJL only applies intraOpNumThreads when interOpNumThreads is also given.
            options.put("interOpNumThreads", "1");
            options.put("intraOpNumThreads", Integer.toString(intraOpThreads));
        }
        try {
            model.load(file, null, options);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new OnnxEncoder(model, info, sequences);
    }

    /** Each input alone, for the reason given in the class comment; the sink is called from the pool's threads. */
    @Override
    public void forward(List<long[]> inputs, int[] layers, HiddenStateSink sink) {
        sequences.runAll(inputs.size(), i -> {
            float[][] states = hiddenStates(inputs.get(i));
            for (int slot = 0; slot < layers.length; slot++) {
                sink.accept(i, slot, states[layers[slot]]);
            }
        });
    }

    /** Any number: the inputs run alone, so a call shares nothing but threads. */
    @Override
    public int maxBatchSize() {
        return Integer.MAX_VALUE;
    }

    /** @return L+1 arrays, each tokens x hiddenSize */
    public float[][] hiddenStates(long[] tokenIds) {
        int n = tokenIds.length;
        List<String> names = info.hiddenStateOutputs();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (Map.Entry<String, Integer> input : info.inputs().entrySet()) {
                long[] values = switch (input.getKey()) {
                    case "input_ids" -> tokenIds;
                    case "attention_mask" -> filled(n, 1);
                    default -> filled(n, 0); // token_type_ids: a single segment
                };
                NDArray array = input.getValue() == OnnxGraphInfo.ELEM_INT32
                        ? manager.create(Arrays.stream(values).mapToInt(Math::toIntExact).toArray(), new Shape(1, n))
                        : manager.create(values, new Shape(1, n));
                array.setName(input.getKey());
                inputs.add(array);
            }
            NDList outputs = model.getBlock().forward(new ParameterStore(manager, false), inputs, false);
            float[][] states = new float[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                NDArray state = outputs.get(names.get(i));
                if (state == null) {
                    throw new IllegalStateException("ONNX Runtime did not return hidden state '" + names.get(i) + "'");
                }
                states[i] = state.toFloatArray();
            }
            outputs.close();
            return states;
        }
    }

    private static long[] filled(int n, long value) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }

    @Override
    public void close() {
        model.close();
    }
}
