package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.weights.Weight;

/** GPT-2's Conv1D: x W + b with W stored [in, out], used through a transposed view (no copy). */
public record Conv1D(Weight weight, Weight bias) {

    public NDArray apply(NDArray x) {
        return weight.project(x, bias, true, null);
    }

    /** activation(apply(x)), in one step where the weight computes in bfloat16 (see Weight#project). */
    public NDArray apply(NDArray x, HiddenActivation activation) {
        return weight.project(x, bias, true, activation);
    }
}
