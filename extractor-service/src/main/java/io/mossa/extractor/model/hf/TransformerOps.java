package io.mossa.extractor.model.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The building blocks the architectures share. Every operation keeps the activation as the first
 * operand: DJL attaches a result to the manager of its first operand, and activations must land in the
 * per-block manager, never in the model's (which would leak one copy per call).
 */
public final class TransformerOps {

    private TransformerOps() {
    }

    /** Rows of {@code table} for each id: [B, T] ids give [B, T, dim]. */
    public static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, ai.djl.ndarray.types.SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** x W^T + b with W stored [out, in] as torch.nn.Linear; bias may be null. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        long dim = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(dim), gamma, beta, eps).singletonOrThrow();
    }

    /** transformers' LlamaRMSNorm: statistics in float32, the weight applied in the compute dtype. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        DataType dtype = x.getDataType();
        NDArray h = x.toType(DataType.FLOAT32, false);
        NDArray rms = h.square().mean(new int[] {-1}, true).addi(eps).sqrt();
        NDArray normed = h.div(rms);
        return normed.toType(dtype, false).mul(weight);
    }

    /** [B, T, H*hd] to [B, H, T, hd]. */
    public static NDArray splitHeads(NDArray x, int heads, int headDim) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /** [B, H, T, hd] to [B, T, H*hd]. */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /** Where the attention softmax runs in a half-precision model, as each architecture's transformers code has it. */
    public enum Softmax {
        /** modeling_llama (and Mistral, Qwen2): {@code softmax(scores, dtype=torch.float32).to(query.dtype)}. */
        FLOAT32,
        /** modeling_gpt2 and modeling_bert: the softmax in the compute dtype. */
        COMPUTE_DTYPE
    }

    /**
     * softmax(q k^T * scale + bias) v, heads merged: [B, H, T, hd] in, [B, T, H*hd] out. In float32 both
     * softmax choices are the same computation.
     *
     * @param bias [B, 1, T, T] float32, see {@link TokenBatch#attentionBias}; in a half dtype its masked
     *             entries become -inf, which the softmax turns into the same zeros as transformers' dtype
     *             minimum (every row keeps at least one visible key)
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias, double scale, Softmax softmax) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).muli(scale);
        DataType dtype = q.getDataType();
        NDArray probabilities = softmax == Softmax.FLOAT32
                ? scores.toType(DataType.FLOAT32, false).addi(bias).softmax(-1).toType(dtype, false)
                : scores.addi(bias.toType(dtype, false)).softmax(-1);
        return mergeHeads(probabilities.matMul(v));
    }

    /** Grouped-query attention: each of {@code groups} query heads shares one key/value head. */
    public static NDArray repeatKv(NDArray x, int groups) {
        if (groups == 1) {
            return x;
        }
        Shape s = x.getShape();
        return x.expandDims(2).repeat(2, groups).reshape(s.get(0), s.get(1) * groups, s.get(2), s.get(3));
    }

    /** Runs one block in its own manager and moves only its output back to {@code pass}. */
    public static NDArray inScope(NDManager pass, NDArray input, java.util.function.UnaryOperator<NDArray> block) {
        try (NDManager scope = pass.newSubManager()) {
            input.attach(scope);
            NDArray output = block.apply(input);
            output.attach(pass);
            return output;
        }
    }
}
