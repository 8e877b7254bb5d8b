package io.mossa.extractor.model.hf.gpt2;

import java.io.IOException;

import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.nn.Conv1D;
import io.mossa.extractor.model.hf.nn.LayerNorm;
import io.mossa.extractor.model.hf.weights.WeightSource;

/** One GPT2Block's modules, named as in the checkpoint. */
record Gpt2Block(LayerNorm ln1, Conv1D cAttn, Conv1D attnCProj, LayerNorm ln2, Conv1D cFc, Conv1D mlpCProj) {

    static Gpt2Block of(Gpt2Spec spec, int index, WeightSource weights) throws IOException, HfCheckpointException {
        String p = "h." + index + ".";
        int d = spec.hiddenSize();
        return new Gpt2Block(
                weights.layerNorm(p + "ln_1", d, spec.layerNormEps()),
                weights.conv1d(p + "attn.c_attn", d, 3L * d),
                weights.conv1d(p + "attn.c_proj", d, d),
                weights.layerNorm(p + "ln_2", d, spec.layerNormEps()),
                weights.conv1d(p + "mlp.c_fc", d, spec.inner()),
                weights.conv1d(p + "mlp.c_proj", spec.inner(), d));
    }
}
