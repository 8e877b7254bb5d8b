package io.mossa.extractor.model.hf.llama;

import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import tools.jackson.databind.JsonNode;

/**
 * config.json's rope_scaling. Supported: none (or type "default") and Llama-3's "llama3", which
 * rescales the inverse frequencies once; other types change the computation in ways not implemented
 * here and are refused by name.
 */
record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

    static RopeScaling from(HfConfig config) throws HfCheckpointException {
        JsonNode node = config.node("rope_scaling");
        if (node == null) {
            return null;
        }
        JsonNode typeNode = node.has("rope_type") ? node.get("rope_type") : node.get("type");
        String type = typeNode == null ? "default" : typeNode.asString("");
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new HfCheckpointException(HfConfig.FILE + ": rope_scaling type \"" + type
                    + "\" is not supported; supported: llama3 (or no rope_scaling)");
        }
        JsonNode original = node.get("original_max_position_embeddings");
        if (original == null || !original.isIntegralNumber() || original.asLong() <= 0) {
            throw new HfCheckpointException(HfConfig.FILE
                    + ": rope_scaling.original_max_position_embeddings must be a positive integer");
        }
        return new RopeScaling(HfConfig.positiveNumber(node.get("factor"), "rope_scaling.factor"),
                HfConfig.positiveNumber(node.get("low_freq_factor"), "rope_scaling.low_freq_factor"),
                HfConfig.positiveNumber(node.get("high_freq_factor"), "rope_scaling.high_freq_factor"),
                (int) original.asLong());
    }

    /** transformers' _compute_llama3_parameters, applied to float32 inverse frequencies. */
    float[] apply(float[] inverseFrequencies) {
        double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
        double highFreqWavelen = originalMaxPositions / highFreqFactor;
        float[] out = new float[inverseFrequencies.length];
        for (int i = 0; i < out.length; i++) {
            double freq = inverseFrequencies[i];
            double wavelen = 2 * Math.PI / freq;
            double scaled = wavelen > lowFreqWavelen ? freq / factor : freq;
            boolean medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
            if (medium) {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                scaled = (1 - smooth) * scaled / factor + smooth * scaled;
            }
            out[i] = (float) scaled;
        }
        return out;
    }
}
