package io.mossa.extractor.model.hf;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;

/**
 * softmax(q k^T * scale + bias) v over [B, H, T, hd] arrays, heads merged into [B, T, H*hd] (the layout the output
 * projection reads), by the kernel that goes with the model's compute:
 * DJL's operations in the arrays' own dtype ({@link TransformerOps#attention}), or the CPU's bfloat16 units in
 * bfloat16 compute, where DJL's arrays are float32 but transformers' bfloat16 model multiplies in bfloat16.
 */
@FunctionalInterface
public interface Attention {

    /** In the arrays' dtype, by DJL. */
    Attention IN_ARRAY_DTYPE = TransformerOps::attention;

    /**
     * @param bias [B, 1, T, T] float32, see {@link TokenBatch#attentionBias}
     * @param softmax where the softmax runs in a half-precision model
     * @return [B, T, H*hd] in q's manager and dtype
     */
    NDArray apply(NDArray q, NDArray k, NDArray v, NDArray bias, double scale, Softmax softmax);
}
