package io.mossa.extractor.activation;

import java.util.Arrays;
import java.util.Locale;

/** How one input's token vectors become what is returned. */
public enum Pooling {

    /** The last real token (HF convention: last position of the attention mask; [SEP] for BERT text). */
    LAST,
    /** Mean over real tokens, accumulated in double. */
    MEAN,
    /** Every token. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when the value is not a pooling name */
    public static Pooling parse(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst().orElse(null);
    }

    /**
     * @param state  tokens x dim, row-major, only the input's real tokens (encoders drop batch padding)
     * @return dim values for LAST/MEAN, the whole state (a copy) for NONE
     */
    public float[] apply(float[] state, int tokens, int dim) {
        return switch (this) {
            case LAST -> Arrays.copyOfRange(state, (tokens - 1) * dim, tokens * dim);
            case NONE -> Arrays.copyOf(state, tokens * dim);
            case MEAN -> {
                double[] sum = new double[dim];
                for (int t = 0; t < tokens; t++) {
                    int row = t * dim;
                    for (int d = 0; d < dim; d++) {
                        sum[d] += state[row + d];
                    }
                }
                float[] mean = new float[dim];
                for (int d = 0; d < dim; d++) {
                    mean[d] = (float) (sum[d] / tokens);
                }
                yield mean;
            }
        };
    }
}
