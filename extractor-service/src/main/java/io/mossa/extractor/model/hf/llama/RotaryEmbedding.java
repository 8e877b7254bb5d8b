package io.mossa.extractor.model.hf.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.TokenBatch;

/**
 * Rotary position embedding in transformers' layout: the head dimension is split in halves (not
 * interleaved pairs), cos/sin repeat the hd/2 frequencies twice, and x' = x cos + rotate_half(x) sin.
 * Angles are computed as transformers does, position x inverse frequency in float32, because at long
 * positions the float32 rounding of the angle is larger than the 1e-5 the service promises.
 */
final class RotaryEmbedding {

    private final float[] inverseFrequencies;
    private final int headDim;

    RotaryEmbedding(int headDim, double theta, RopeScaling scaling) {
        this.headDim = headDim;
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = (float) (1.0 / Math.pow(theta, exponent));
        }
        this.inverseFrequencies = scaling == null ? inv : scaling.apply(inv);
    }

    float[] inverseFrequencies() {
        return inverseFrequencies.clone();
    }

    /** cos and sin [B, 1, T, hd] for the batch's position ids, in {@code dtype}. */
    NDArray[] cosSin(TokenBatch batch, NDManager manager, DataType dtype) {
        long[] positions = batch.positions();
        int half = headDim / 2;
        float[] cos = new float[positions.length * headDim];
        float[] sin = new float[positions.length * headDim];
        for (int p = 0; p < positions.length; p++) {
            float position = positions[p];
            for (int i = 0; i < half; i++) {
                float angle = position * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * headDim + i] = c;
                cos[p * headDim + half + i] = c;
                sin[p * headDim + i] = s;
                sin[p * headDim + half + i] = s;
            }
        }
        Shape shape = new Shape(batch.size(), 1, batch.length(), headDim);
        return new NDArray[] {manager.create(cos, shape).toType(dtype, false),
                manager.create(sin, shape).toType(dtype, false)};
    }

    /** x [B, H, T, hd]. */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cos).addi(rotated.muli(sin));
    }
}
