package io.mossa.extractor.model;

import java.util.List;

/** A loaded model that turns token sequences into their hidden states. */
public interface Encoder extends AutoCloseable {

    /**
     * Runs the inputs and hands each requested hidden state of each input to the sink.
     *
     * @param inputs at most {@link #maxBatchSize()} token sequences, each non-empty
     * @param layers distinct hidden-state indices 0..L (HuggingFace {@code hidden_states} order); the sink
     *               receives the position of the layer in this array
     */
    void forward(List<long[]> inputs, int[] layers, HiddenStateSink sink);

    /** Inputs one {@link #forward} call may take; 1 for encoders that must run inputs alone. */
    int maxBatchSize();

    @Override
    void close();
}
