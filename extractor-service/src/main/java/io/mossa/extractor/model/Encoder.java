package io.mossa.extractor.model;

/** A loaded model that turns one token sequence into all of its hidden states. */
public interface Encoder extends AutoCloseable {

    /**
     * @return L+1 arrays (HuggingFace {@code hidden_states} order), each {@code tokens x hiddenSize}
     *         in row-major order
     */
    float[][] hiddenStates(long[] tokenIds);

    @Override
    void close();
}
