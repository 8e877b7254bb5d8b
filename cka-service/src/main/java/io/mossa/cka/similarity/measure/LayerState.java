package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDManager;

/**
 * A layer's prepared state.
 *
 * @param <S> its own type
 */
interface LayerState<S extends LayerState<S>> extends AutoCloseable {

    /** Whether the layer carries no variation (its measure with anything is defined by the measure). */
    boolean constant();

    /**
     * The state of the same layer with its inputs relabelled: input i of the result is input order[i] of this one.
     * Cheap for every state here (a gather), which is what makes permutation tests affordable.
     */
    S permuted(int[] order, NDManager manager);

    @Override
    void close();
}
