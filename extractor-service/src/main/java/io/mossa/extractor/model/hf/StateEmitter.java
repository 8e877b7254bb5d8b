package io.mossa.extractor.model.hf;

import ai.djl.ndarray.NDArray;

/** Receives hidden_states[index] ([B, T, hidden]) as soon as it is computed, so layers need not pile up. */
@FunctionalInterface
public interface StateEmitter {

    void emit(int index, NDArray state);
}
