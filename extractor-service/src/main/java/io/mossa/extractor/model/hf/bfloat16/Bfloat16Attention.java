package io.mossa.extractor.model.hf.bfloat16;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Attention as transformers' eager attention runs it in a bfloat16 model, on the CPU's bfloat16 units: q k^T
 * rounded to bfloat16, scaled in bfloat16, the mask added, the softmax in bfloat16 or in float32 as the
 * architecture has it ({@link Softmax}), the probabilities in bfloat16 multiplied with v, the context rounded to
 * bfloat16. q, k and v arrive as float32 arrays holding bfloat16 values (the widened outputs of bfloat16
 * products), so rounding them back is exact; the context is widened into a float32 DJL array. Both products run
 * as one batched call over all heads (libtorch's matmul of [B, H, T, hd] tensors), and the context is written
 * straight into the merged [B, T, H*hd] layout while it is widened. Call only after
 * {@link Bfloat16Units#require()}.
 */
public final class Bfloat16Attention implements Attention {

    public static final Bfloat16Attention INSTANCE = new Bfloat16Attention();

    private Bfloat16Attention() {
    }

    @Override
    public NDArray apply(NDArray q, NDArray k, NDArray v, NDArray bias, double scale, Softmax softmax) {
        try (PointerScope ignored = new PointerScope()) {
            return merged(q.getManager(), bfloat16(q), bfloat16(k), bfloat16(v), bias, scale, softmax);
        }
    }

    /**
     * The same from bfloat16 tensors [B, H, T, hd] (GPT-2's q, k and v straight from their fused bfloat16
     * product, never widened); the result is a float32 array [B, T, H*hd] in {@code scope}. Call inside a
     * {@link PointerScope}.
     */
    public static NDArray merged(NDManager scope, Tensor q, Tensor k, Tensor v, NDArray bias, double scale,
            Softmax softmax) {
        long batch = q.size(0);
        long heads = q.size(1);
        long tokens = q.size(2);
        long headDim = v.size(3);
        NDArray out = scope.create(new Shape(batch, tokens, heads * headDim), DataType.FLOAT32);
        Tensor scores = torch.matmul(q, k.transpose(-2, -1)).mul_(new Scalar(scale));
        Tensor mask = TorchBridge.borrow(bias);
        // the mask holds 0 or a large negative value: adding it in either dtype gives the same softmax
        Tensor probabilities = softmax == Softmax.FLOAT32
                ? scores.to(ScalarType.Float).add_(mask).softmax(-1).to(ScalarType.BFloat16)
                : scores.add_(mask.to(ScalarType.BFloat16)).softmax(-1);
        TorchBridge.borrow(out).view(batch, tokens, heads, headDim).transpose(1, 2)
                .copy_(torch.matmul(probabilities, v));
        return out;
    }

    private static Tensor bfloat16(NDArray x) {
        return TorchBridge.borrow(x).to(ScalarType.BFloat16);
    }
}
