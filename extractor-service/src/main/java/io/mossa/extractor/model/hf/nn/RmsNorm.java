package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import io.mossa.extractor.model.hf.TransformerOps;
import io.mossa.extractor.model.hf.weights.Weight;

/** LlamaRMSNorm (also Mistral's and Qwen2's): statistics in float32, the weight applied in the input dtype. */
public record RmsNorm(Weight weight, float eps) {

    public NDArray apply(NDArray x) {
        return TransformerOps.rmsNorm(x, weight.in(x.getManager()), eps);
    }
}
