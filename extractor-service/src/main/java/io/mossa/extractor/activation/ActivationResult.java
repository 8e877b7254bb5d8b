package io.mossa.extractor.activation;

/**
 * Pooled hidden states of one request.
 *
 * @param values [selected layer][input] -> dim values (last/mean) or tokens x dim values (none)
 */
record ActivationResult(String model, int[] layers, Pooling pooling, int[] tokenCounts, int hiddenSize,
        float[][][] values) {

    int maxTokens() {
        int max = 0;
        for (int count : tokenCounts) {
            max = Math.max(max, count);
        }
        return max;
    }
}
