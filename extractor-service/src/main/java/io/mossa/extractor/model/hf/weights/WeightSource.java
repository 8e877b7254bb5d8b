package io.mossa.extractor.model.hf.weights;

import java.io.IOException;

import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.nn.Conv1D;
import io.mossa.extractor.model.hf.nn.Embedding;
import io.mossa.extractor.model.hf.nn.LayerNorm;
import io.mossa.extractor.model.hf.nn.Linear;
import io.mossa.extractor.model.hf.nn.RmsNorm;

/**
 * Where an architecture gets its weights by canonical name and the shape config.json implies. The same
 * building code serves two ends: {@link DeclaredTensors} lists what it asks for (to inspect a checkpoint
 * before loading it), {@link CheckpointWeights} loads it. So every tensor name is written once, in the
 * architecture's layer factory, and a name the checkpoint lacks is an error, never a silently absent bias.
 */
public interface WeightSource {

    Weight get(String name, long... shape) throws IOException, HfCheckpointException;

    /** The attention kernel for the compute these weights are loaded for. */
    default Attention attention() {
        return Attention.IN_ARRAY_DTYPE;
    }

    /** torch.nn.Linear: weight [out, in], bias [out] when {@code bias}. */
    default Linear linear(String module, long out, long in, boolean bias) throws IOException, HfCheckpointException {
        return new Linear(get(module + ".weight", out, in), bias ? get(module + ".bias", out) : null);
    }

    /** GPT-2's Conv1D: weight stored [in, out], bias [out]. */
    default Conv1D conv1d(String module, long in, long out) throws IOException, HfCheckpointException {
        return new Conv1D(get(module + ".weight", in, out), get(module + ".bias", out));
    }

    default LayerNorm layerNorm(String module, long width, float eps) throws IOException, HfCheckpointException {
        return new LayerNorm(get(module + ".weight", width), get(module + ".bias", width), eps);
    }

    default RmsNorm rmsNorm(String module, long width, float eps) throws IOException, HfCheckpointException {
        return new RmsNorm(get(module + ".weight", width), eps);
    }

    default Embedding embedding(String module, long rows, long width) throws IOException, HfCheckpointException {
        return new Embedding(get(module + ".weight", rows, width));
    }
}
