package io.mossa.extractor.model.hf.weights;

import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerOps;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;

/**
 * One tensor of a loaded model as the forward pass asks for it: in the compute dtype on the compute device,
 * whether it is held that way ({@link ResidentWeight}) or kept as stored and converted for each use
 * ({@link ConvertedOnUse}), or held in bfloat16 for products on the CPU's bfloat16 units
 * ({@link Bfloat16Weight}). Arrays returned belong to the given scope or
 * to the model: never close them.
 */
public interface Weight {

    /** The whole tensor, valid while {@code scope} is open. */
    NDArray in(NDManager scope);

    /** Rows {@code ids} of a [rows, width] table as [idShape..., width], attached to {@code scope}. */
    NDArray rows(long[] ids, Shape idShape, NDManager scope);

    /**
     * The matrix product of a linear layer with this weight, x W^T + b for W stored [out, in]
     * (torch.nn.Linear) or x W + b for W stored [in, out] ({@code storedInOut}, GPT-2's Conv1D, through a
     * transposed view), followed by {@code activation} when not null (so that a bfloat16 product is activated
     * before it is widened, as transformers does in a bfloat16 model). {@code bias} may be null; the result
     * belongs to x's manager.
     */
    default NDArray project(NDArray x, Weight bias, boolean storedInOut, HiddenActivation activation) {
        NDManager scope = x.getManager();
        NDArray matrix = storedInOut ? in(scope).transpose() : in(scope);
        NDArray product = TransformerOps.linear(x, matrix, bias == null ? null : bias.in(scope));
        return activation == null ? product : activation.apply(product);
    }

    /**
     * Self-attention over this weight's product when it lays q, k and v side by side ([B, T, 3 x hidden], GPT-2's
     * c_attn), heads merged into [B, T, hidden]. Where the weights compute in bfloat16, q, k and v pass from the
     * product to attention on the bfloat16 units in bfloat16, never widened.
     */
    default NDArray selfAttention(NDArray x, Weight bias, boolean storedInOut, Attention attention, int heads,
            NDArray mask, double scale, Softmax softmax) {
        NDList qkv = project(x, bias, storedInOut, null).split(3, 2);
        int headDim = Math.toIntExact(qkv.get(0).getShape().tail() / heads);
        return attention.apply(splitHeads(qkv.get(0), heads, headDim), splitHeads(qkv.get(1), heads, headDim),
                splitHeads(qkv.get(2), heads, headDim), mask, scale, softmax);
    }

    /**
     * A two-layer MLP, {@code down(activation(x W + b))}: this weight's product ({@link #project}) activated and
     * multiplied with {@code down}, both stored alike. Where the weights compute in bfloat16 the wide activation
     * between the two products stays in bfloat16, as it does in transformers' bfloat16 model.
     */
    default NDArray feedForward(NDArray x, Weight bias, boolean storedInOut, HiddenActivation activation, Weight down,
            Weight downBias) {
        return down.project(project(x, bias, storedInOut, activation), downBias, storedInOut, null);
    }

    /**
     * A gated MLP of torch.nn.Linear weights (Llama, Mistral, Qwen2), {@code down(activation(x G^T) * x U^T)} with
     * this weight as G: where the weights compute in bfloat16, x is rounded once for both products and the gated
     * activation stays in bfloat16 up to the last product, as in transformers' bfloat16 model.
     */
    default NDArray gatedFeedForward(NDArray x, Weight bias, HiddenActivation activation, Weight up, Weight upBias,
            Weight down, Weight downBias) {
        NDArray gated = project(x, bias, false, activation).muli(up.project(x, upBias, false, null));
        return down.project(gated, downBias, false, null);
    }
}
