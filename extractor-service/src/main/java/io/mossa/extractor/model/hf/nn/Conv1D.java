package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.weights.Weight;

/** GPT-2's Conv1D: x W + b with W stored [in, out], used through a transposed view (no copy). */
public record Conv1D(Weight weight, Weight bias) {

    public NDArray apply(NDArray x) {
        return weight.project(x, bias, true, null);
    }

    /** down(activation(apply(x))), the MLP of GPT-2 in one step (see Weight#feedForward). */
    public NDArray feedForward(NDArray x, HiddenActivation activation, Conv1D down) {
        return weight.feedForward(x, bias, true, activation, down.weight(), down.bias());
    }
}
