package io.mossa.extractor.model.hf.bfloat16;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attention on the bfloat16 units against a plain float64 loop written here: causal, two inputs of different
 * lengths in one padded batch, heads merged in the output.
 */
class Bfloat16AttentionTest {

    private static final int B = 2;
    private static final int H = 3;
    private static final int T = 6;
    private static final int HD = 8;
    private static final int[] LENGTHS = {6, 4};
    /** bfloat16's unit roundoff. */
    private static final double U = Math.pow(2, -8);

    @ParameterizedTest
    @EnumSource(Softmax.class)
    void matchesTheFloat64AttentionWithinBfloat16RoundingAndHoldsBfloat16Values(Softmax softmax) {
        Bfloat16Units.require();
        Random random = new Random(11);
        float[] q = bfloat16Values(random, B * H * T * HD);
        float[] k = bfloat16Values(random, B * H * T * HD);
        float[] v = bfloat16Values(random, B * H * T * HD);
        double scale = 1 / Math.sqrt(HD); // not a power of two: the scaling rounds too
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(B, H, T, HD);
            NDArray bias = new TokenBatch(List.of(new long[LENGTHS[0]], new long[LENGTHS[1]]))
                    .attentionBias(manager, true);
            float[] got = Bfloat16Attention.INSTANCE.apply(manager.create(q, shape), manager.create(k, shape),
                    manager.create(v, shape), bias, scale, softmax).toFloatArray();

            assertThat(got).hasSize(B * T * H * HD);
            double worst = 0;
            for (int b = 0; b < B; b++) {
                for (int h = 0; h < H; h++) {
                    for (int t = 0; t < T; t++) {
                        double[] expected = naive(q, k, v, b, h, t, scale);
                        for (int d = 0; d < HD; d++) {
                            // merged layout [B, T, H*HD]
                            float value = got[((b * T + t) * H + h) * HD + d];
                            worst = Math.max(worst, Math.abs(value - expected[d]));
                            // the context was rounded to bfloat16: its low 16 bits are zero
                            assertThat(Float.floatToRawIntBits(value) & 0xFFFF).isZero();
                        }
                    }
                }
            }
            // scores, scaling, probabilities and context each rounded once (values of v below 1 in magnitude)
            assertThat(worst).isLessThan(16 * U).isGreaterThan(1e-5);
        }
    }

    /** Context of query t of head h in input b: softmax over the keys s <= t within the input's length. */
    private static double[] naive(float[] q, float[] k, float[] v, int b, int h, int t, double scale) {
        int visible = Math.min(t + 1, LENGTHS[b]);
        double[] weights = new double[visible];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < visible; s++) {
            double dot = 0;
            for (int d = 0; d < HD; d++) {
                dot += (double) q[index(b, h, t, d)] * k[index(b, h, s, d)];
            }
            weights[s] = dot * scale;
            max = Math.max(max, weights[s]);
        }
        double sum = 0;
        for (int s = 0; s < visible; s++) {
            weights[s] = Math.exp(weights[s] - max);
            sum += weights[s];
        }
        double[] context = new double[HD];
        for (int s = 0; s < visible; s++) {
            for (int d = 0; d < HD; d++) {
                context[d] += weights[s] / sum * v[index(b, h, s, d)];
            }
        }
        return context;
    }

    private static int index(int b, int h, int t, int d) {
        return ((b * H + h) * T + t) * HD + d;
    }

    /** Uniform in (-1, 1), truncated to bfloat16 (as the widened outputs of bfloat16 products are). */
    private static float[] bfloat16Values(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = Float.intBitsToFloat(Float.floatToRawIntBits(2 * random.nextFloat() - 1) & 0xFFFF0000);
        }
        return values;
    }
}
