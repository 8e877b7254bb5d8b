package io.mossa.extractor.model.hf.bert;

import java.io.IOException;

import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.nn.LayerNorm;
import io.mossa.extractor.model.hf.nn.Linear;
import io.mossa.extractor.model.hf.weights.WeightSource;

/** One BertLayer's modules, named as in the checkpoint. */
record BertLayer(Linear query, Linear key, Linear value, Linear attentionOutput, LayerNorm attentionLayerNorm,
        Linear intermediate, Linear output, LayerNorm outputLayerNorm) {

    static BertLayer of(BertSpec spec, int index, WeightSource weights) throws IOException, HfCheckpointException {
        String p = "encoder.layer." + index + ".";
        int d = spec.hiddenSize();
        int inner = spec.intermediateSize();
        return new BertLayer(
                weights.linear(p + "attention.self.query", d, d, true),
                weights.linear(p + "attention.self.key", d, d, true),
                weights.linear(p + "attention.self.value", d, d, true),
                weights.linear(p + "attention.output.dense", d, d, true),
                weights.layerNorm(p + "attention.output.LayerNorm", d, spec.layerNormEps()),
                weights.linear(p + "intermediate.dense", inner, d, true),
                weights.linear(p + "output.dense", d, inner, true),
                weights.layerNorm(p + "output.LayerNorm", d, spec.layerNormEps()));
    }
}
