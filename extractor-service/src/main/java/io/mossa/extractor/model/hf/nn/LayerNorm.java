package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.extractor.model.hf.TransformerOps;
import io.mossa.extractor.model.hf.weights.Weight;

/**
 * torch.nn.LayerNorm over the last dimension. In half precision torch's kernel keeps its statistics in
 * float32 and returns the input dtype, which is what transformers runs, so nothing is upcast here.
 */
public record LayerNorm(Weight weight, Weight bias, float eps) {

    public NDArray apply(NDArray x) {
        NDManager scope = x.getManager();
        return TransformerOps.layerNorm(x, weight.in(scope), bias.in(scope), eps);
    }
}
