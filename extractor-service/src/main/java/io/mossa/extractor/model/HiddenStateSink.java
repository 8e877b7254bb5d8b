package io.mossa.extractor.model;

/**
 * Receives one input's hidden state at one layer. An encoder may call it from several threads at once, never twice
 * at once for the same input.
 */
@FunctionalInterface
public interface HiddenStateSink {

    /**
     * @param input     index of the input in the forward call
     * @param layerSlot index into the requested layers
     * @param states    tokens x hiddenSize, row-major, only the input's real tokens
     */
    void accept(int input, int layerSlot, float[] states);
}
