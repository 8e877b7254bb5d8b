package io.mossa.extractor.model.hf;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Several token sequences padded on the right to one length, with what makes padding invisible.
 *
 * <p>Right padding: every real token keeps its index, so "last real token" is {@code length - 1} and
 * the pads sit after all real tokens, where a causal mask already hides them from real queries. Position
 * ids are still derived from the attention mask (cumulative sum minus one, as transformers does for
 * left-padded batches) rather than from the column index, so that a change of padding side cannot
 * silently shift positions. Pads get position 0 and token id 0; their outputs are never returned.
 */
public final class TokenBatch {

    /** Added to attention scores of hidden keys; finite so that no row can become NaN. */
    static final float MASKED = -1e30f;

    private final int size;
    private final int length;
    private final int[] lengths;
    private final long[] ids;
    private final long[] positions;

    public TokenBatch(List<long[]> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        this.size = inputs.size();
        this.lengths = inputs.stream().mapToInt(t -> t.length).toArray();
        int max = 0;
        for (int n : lengths) {
            if (n == 0) {
                throw new IllegalArgumentException("empty input in batch");
            }
            max = Math.max(max, n);
        }
        this.length = max;
        this.ids = new long[size * length];
        this.positions = new long[size * length];
        for (int b = 0; b < size; b++) {
            long[] tokens = inputs.get(b);
            System.arraycopy(tokens, 0, ids, b * length, tokens.length);
            long seen = 0;
            for (int t = 0; t < length; t++) {
                boolean real = t < tokens.length;
                seen += real ? 1 : 0;
                positions[b * length + t] = real ? seen - 1 : 0;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Padded length T. */
    public int length() {
        return length;
    }

    public int length(int input) {
        return lengths[input];
    }

    public long paddedTokens() {
        return (long) size * length;
    }

    /** Token ids [B, T] row-major, padding 0. */
    public long[] ids() {
        return ids;
    }

    /** [B, T]. */
    public Shape shape() {
        return new Shape(size, length);
    }

    public long[] positions() {
        return positions;
    }

    /**
     * Additive attention bias [B, 1, T, T] in float32: 0 where query t may attend key s (s is a real token
     * and, if causal, s <= t), {@link #MASKED} elsewhere.
     */
    public NDArray attentionBias(NDManager manager, boolean causal) {
        float[] bias = new float[size * length * length];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) {
                int row = (b * length + t) * length;
                for (int s = 0; s < length; s++) {
                    boolean visible = s < lengths[b] && (!causal || s <= t);
                    bias[row + s] = visible ? 0f : MASKED;
                }
            }
        }
        return manager.create(bias, new Shape(size, 1, length, length));
    }
}
