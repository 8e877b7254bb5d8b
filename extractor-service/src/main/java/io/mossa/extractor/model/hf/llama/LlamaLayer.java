package io.mossa.extractor.model.hf.llama;

import java.io.IOException;

import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.nn.Linear;
import io.mossa.extractor.model.hf.nn.RmsNorm;
import io.mossa.extractor.model.hf.weights.WeightSource;

/** One LlamaDecoderLayer's modules, named as in the checkpoint; biases exist where the spec's flags say. */
record LlamaLayer(RmsNorm inputLayernorm, Linear qProj, Linear kProj, Linear vProj, Linear oProj,
        RmsNorm postAttentionLayernorm, Linear gateProj, Linear upProj, Linear downProj) {

    static LlamaLayer of(LlamaSpec spec, int index, WeightSource weights) throws IOException, HfCheckpointException {
        String p = "layers." + index + ".";
        int hidden = spec.hiddenSize();
        int inner = spec.intermediateSize();
        return new LlamaLayer(
                weights.rmsNorm(p + "input_layernorm", hidden, spec.rmsNormEps()),
                weights.linear(p + "self_attn.q_proj", spec.queryWidth(), hidden, spec.qkvBias()),
                weights.linear(p + "self_attn.k_proj", spec.kvWidth(), hidden, spec.qkvBias()),
                weights.linear(p + "self_attn.v_proj", spec.kvWidth(), hidden, spec.qkvBias()),
                weights.linear(p + "self_attn.o_proj", hidden, spec.queryWidth(), spec.outputBias()),
                weights.rmsNorm(p + "post_attention_layernorm", hidden, spec.rmsNormEps()),
                weights.linear(p + "mlp.gate_proj", inner, hidden, spec.mlpBias()),
                weights.linear(p + "mlp.up_proj", inner, hidden, spec.mlpBias()),
                weights.linear(p + "mlp.down_proj", hidden, inner, spec.mlpBias()));
    }
}
