package io.mossa.extractor.model.hf;

import ai.djl.ndarray.NDManager;

/** One architecture's forward pass over loaded weights, emitting HuggingFace's hidden_states in order. */
public interface TransformerModel {

    /**
     * Emits hidden_states 0..L for the batch. Arrays created for the pass belong to {@code pass}; each
     * block runs in its own sub-manager so that only the running block's intermediates are alive.
     */
    void forward(TokenBatch batch, NDManager pass, StateEmitter emitter);
}
