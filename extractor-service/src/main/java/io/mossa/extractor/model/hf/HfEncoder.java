package io.mossa.extractor.model.hf;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.HiddenStateSink;
import io.mossa.extractor.model.hf.weights.CheckpointWeights;

/**
 * A loaded HuggingFace checkpoint. Inputs of one call run as one padded batch (see {@link TokenBatch});
 * masks and mask-derived positions make each input's numbers those it gives alone, up to float
 * rounding. Weights live in one NDManager shared by concurrent calls (read only); each call's
 * activations live in its own sub-manager, freed when it returns. PyTorch records no autograd graph
 * here: weights are created without requires_grad and nothing runs inside a GradientCollector.
 */
public final class HfEncoder implements Encoder {

    private final NDManager manager;
    private final TransformerModel model;
    private final int numLayers;
    private final int hiddenSize;

    private HfEncoder(NDManager manager, TransformerModel model, int numLayers, int hiddenSize) {
        this.manager = manager;
        this.model = model;
        this.numLayers = numLayers;
        this.hiddenSize = hiddenSize;
    }

    public static HfEncoder load(HfCheckpoint checkpoint, ComputeOptions compute)
            throws IOException, HfCheckpointException {
        NDManager manager = NDManager.newBaseManager(compute.device(), "PyTorch");
        try {
            CheckpointWeights weights = new CheckpointWeights(checkpoint.names(), manager, compute);
            TransformerModel model = checkpoint.spec().build(weights);
            return new HfEncoder(manager, model, checkpoint.spec().numLayers(), checkpoint.spec().hiddenSize());
        } catch (IOException | HfCheckpointException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void forward(List<long[]> inputs, int[] layers, HiddenStateSink sink) {
        TokenBatch batch = new TokenBatch(inputs);
        int[] slotOf = new int[numLayers + 1];
        Arrays.fill(slotOf, -1);
        for (int slot = 0; slot < layers.length; slot++) {
            slotOf[layers[slot]] = slot;
        }
        int length = batch.length();
        try (NDManager pass = manager.newSubManager()) {
            model.forward(batch, pass, (index, state) -> {
                int slot = slotOf[index];
                if (slot < 0) {
                    return;
                }
                NDArray values = state.toType(DataType.FLOAT32, false);
                float[] all = values.toFloatArray();
                if (values != state) {
                    values.close();
                }
                for (int b = 0; b < batch.size(); b++) {
                    int from = b * length * hiddenSize;
                    sink.accept(b, slot, Arrays.copyOfRange(all, from, from + batch.length(b) * hiddenSize));
                }
            });
        }
    }

    @Override
    public int maxBatchSize() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        manager.close();
    }
}
