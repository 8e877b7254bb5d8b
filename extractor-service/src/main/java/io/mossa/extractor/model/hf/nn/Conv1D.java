package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import io.mossa.extractor.model.hf.weights.Weight;

/** GPT-2's Conv1D: x W + b with W stored [in, out], used through a transposed view (no copy). */
public record Conv1D(Weight weight, Weight bias) {

    public NDArray apply(NDArray x) {
        return weight.project(x, bias, true, null);
    }

    /**
     * Self-attention over q, k and v side by side in this projection's output (GPT-2's c_attn), heads merged;
     * see Weight#selfAttention.
     */
    public NDArray selfAttention(NDArray x, Attention attention, int heads, NDArray mask, double scale,
            Softmax softmax) {
        return weight.selfAttention(x, bias, true, attention, heads, mask, scale, softmax);
    }

    /** down(activation(apply(x))), the MLP of GPT-2 in one step (see Weight#feedForward). */
    public NDArray feedForward(NDArray x, HiddenActivation activation, Conv1D down) {
        return weight.feedForward(x, bias, true, activation, down.weight(), down.bias());
    }
}
