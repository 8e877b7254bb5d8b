package io.mossa.extractor.model.hf;

import java.io.IOException;
import java.util.List;

import io.mossa.extractor.model.hf.weights.DeclaredTensors;
import io.mossa.extractor.model.hf.weights.WeightSource;

/**
 * What an architecture's config.json says, before any weight is read: shapes for the listing and for
 * checking the checkpoint, the tensors it needs, and how to build the forward pass from them.
 */
public interface ArchitectureSpec {

    /** config.json's model_type. */
    String architecture();

    int numLayers();

    int hiddenSize();

    int vocabSize();

    /**
     * Longest input the architecture supports as this service runs it (position table size, or for a
     * sliding-window model the window, see LlamaSpec).
     */
    int maxTokens();

    /** Head-model prefixes the Hub uses for this architecture, most common first ("" = none). */
    List<String> prefixes();

    /** The tensor whose presence decides the prefix (the token embedding). */
    String anchor();

    /**
     * The forward pass over weights from {@code weights}; the only place the architecture names its
     * tensors (see {@link WeightSource}).
     */
    TransformerModel build(WeightSource weights) throws IOException, HfCheckpointException;

    /** Every tensor the forward pass reads, with the shape config.json implies, in the order it reads them. */
    default List<TensorSpec> tensors() {
        DeclaredTensors declared = new DeclaredTensors();
        try {
            build(declared);
        } catch (IOException | HfCheckpointException e) {
            throw new IllegalStateException("declaring tensors reads no file", e);
        }
        return declared.specs();
    }
}
