package io.mossa.extractor.activation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.mossa.tensor.npy.NpyWriter;

/**
 * One NPY array for the whole answer: [layers, inputs, dim] for last/mean, and for none
 * [layers, inputs, maxTokens, dim] where each input's rows after its token count are zero (the
 * X-Mossa-Token-Counts header says where the real rows end).
 */
final class NpyEncoding {

    private NpyEncoding() {
    }

    static byte[] encode(ActivationResult result) {
        int layers = result.layers().length;
        int inputs = result.tokenCounts().length;
        int dim = result.hiddenSize();
        int[] shape;
        float[] data;
        if (result.pooling() == Pooling.NONE) {
            int maxTokens = result.maxTokens();
            shape = new int[] {layers, inputs, maxTokens, dim};
            data = new float[Math.multiplyExact(Math.multiplyExact(layers * inputs, maxTokens), dim)];
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < inputs; i++) {
                    float[] v = result.values()[l][i];
                    System.arraycopy(v, 0, data, ((l * inputs + i) * maxTokens) * dim, v.length);
                }
            }
        } else {
            shape = new int[] {layers, inputs, dim};
            data = new float[Math.multiplyExact(layers * inputs, dim)];
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < inputs; i++) {
                    System.arraycopy(result.values()[l][i], 0, data, (l * inputs + i) * dim, dim);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4 + 128);
        try {
            NpyWriter.writeFloat32(out, shape, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
