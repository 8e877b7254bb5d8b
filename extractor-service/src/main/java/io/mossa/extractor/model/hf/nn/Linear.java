package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.weights.Weight;

/** torch.nn.Linear: x W^T + b, W stored [out, in]; {@code bias} is null only where the config says none. */
public record Linear(Weight weight, Weight bias) {

    public NDArray apply(NDArray x) {
        return weight.project(x, bias, false, null);
    }

    /** down(activation(apply(x)) * up(x)), the gated MLP of Llama, Mistral and Qwen2 (see Weight#gatedFeedForward). */
    public NDArray gatedFeedForward(NDArray x, HiddenActivation activation, Linear up, Linear down) {
        return weight.gatedFeedForward(x, bias, activation, up.weight(), up.bias(), down.weight(), down.bias());
    }

    /** down(activation(apply(x))), a two-layer MLP in one step (see Weight#feedForward). */
    public NDArray feedForward(NDArray x, HiddenActivation activation, Linear down) {
        return weight.feedForward(x, bias, false, activation, down.weight(), down.bias());
    }
}
