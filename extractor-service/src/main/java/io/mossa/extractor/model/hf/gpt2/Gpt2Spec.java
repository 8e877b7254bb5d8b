package io.mossa.extractor.model.hf.gpt2;

import java.io.IOException;
import java.util.List;

import io.mossa.extractor.model.hf.ArchitectureSpec;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerModel;
import io.mossa.extractor.model.hf.weights.WeightSource;

/**
 * GPT-2 as transformers' GPT2Model with its GPT2Config defaults.
 * Options that change the computation and are not implemented are refused by name.
 */
public record Gpt2Spec(int numLayers, int hiddenSize, int heads, int inner, int vocabSize, int positions,
        float layerNormEps, HiddenActivation activation) implements ArchitectureSpec {

    public static Gpt2Spec from(HfConfig config) throws HfCheckpointException {
        int hidden = config.positiveInt("n_embd", 768);
        int heads = config.positiveInt("n_head", 12);
        if (hidden % heads != 0) {
            throw new HfCheckpointException(HfConfig.FILE + ": n_embd " + hidden + " is not divisible by n_head " + heads);
        }
        if (config.flag("scale_attn_by_inverse_layer_idx", false)) {
            throw new HfCheckpointException(HfConfig.FILE + ": scale_attn_by_inverse_layer_idx = true is not supported");
        }
        if (!config.flag("scale_attn_weights", true)) {
            throw new HfCheckpointException(HfConfig.FILE + ": scale_attn_weights = false is not supported");
        }
        return new Gpt2Spec(config.positiveInt("n_layer", 12), hidden, heads,
                config.positiveInt("n_inner", 4 * hidden), config.positiveInt("vocab_size", 50257),
                config.positiveInt("n_positions", 1024),
                (float) config.positiveNumber("layer_norm_epsilon", 1e-5),
                HiddenActivation.parse(config.string("activation_function", "gelu_new"), "activation_function"));
    }

    @Override
    public String architecture() {
        return "gpt2";
    }

    @Override
    public int maxTokens() {
        return positions;
    }

    @Override
    public List<String> prefixes() {
        return List.of("", "transformer.");
    }

    @Override
    public String anchor() {
        return "wte.weight";
    }

    @Override
    public TransformerModel build(WeightSource weights) throws IOException, HfCheckpointException {
        return Gpt2Model.build(this, weights);
    }
}
