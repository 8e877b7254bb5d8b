package io.mossa.extractor.model;

/** Receives one input's hidden state at one layer. */
@FunctionalInterface
public interface HiddenStateSink {

    /**
     * @param input     index of the input in the forward call
     * @param layerSlot index into the requested layers
     * @param states    tokens x hiddenSize, row-major, only the input's real tokens
     */
    void accept(int input, int layerSlot, float[] states);
}
