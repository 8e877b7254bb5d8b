package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.weights.Weight;

/** torch.nn.Linear: x W^T + b, W stored [out, in]; {@code bias} is null only where the config says none. */
public record Linear(Weight weight, Weight bias) {

    public NDArray apply(NDArray x) {
        return weight.project(x, bias, false, null);
    }

    /** activation(apply(x)), in one step where the weight computes in bfloat16 (see Weight#project). */
    public NDArray apply(NDArray x, HiddenActivation activation) {
        return weight.project(x, bias, false, activation);
    }

    /** down(activation(apply(x))), a two-layer MLP in one step (see Weight#feedForward). */
    public NDArray feedForward(NDArray x, HiddenActivation activation, Linear down) {
        return weight.feedForward(x, bias, false, activation, down.weight(), down.bias());
    }
}
