package io.mossa.extractor.model.hf.gpt2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.mossa.extractor.model.hf.ArchitectureSpec;
import io.mossa.extractor.model.hf.CheckpointWeights;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.model.hf.TransformerModel;

/**
 * GPT-2 as transformers' GPT2Model with its GPT2Config defaults. Conv1D weights are stored [in, out].
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
    public List<TensorSpec> tensors() {
        List<TensorSpec> specs = new ArrayList<>();
        specs.add(new TensorSpec("wte.weight", vocabSize, hiddenSize));
        specs.add(new TensorSpec("wpe.weight", positions, hiddenSize));
        for (int i = 0; i < numLayers; i++) {
            String p = "h." + i + ".";
            specs.add(new TensorSpec(p + "ln_1.weight", hiddenSize));
            specs.add(new TensorSpec(p + "ln_1.bias", hiddenSize));
            specs.add(new TensorSpec(p + "attn.c_attn.weight", hiddenSize, 3L * hiddenSize));
            specs.add(new TensorSpec(p + "attn.c_attn.bias", 3L * hiddenSize));
            specs.add(new TensorSpec(p + "attn.c_proj.weight", hiddenSize, hiddenSize));
            specs.add(new TensorSpec(p + "attn.c_proj.bias", hiddenSize));
            specs.add(new TensorSpec(p + "ln_2.weight", hiddenSize));
            specs.add(new TensorSpec(p + "ln_2.bias", hiddenSize));
            specs.add(new TensorSpec(p + "mlp.c_fc.weight", hiddenSize, inner));
            specs.add(new TensorSpec(p + "mlp.c_fc.bias", inner));
            specs.add(new TensorSpec(p + "mlp.c_proj.weight", inner, hiddenSize));
            specs.add(new TensorSpec(p + "mlp.c_proj.bias", hiddenSize));
        }
        specs.add(new TensorSpec("ln_f.weight", hiddenSize));
        specs.add(new TensorSpec("ln_f.bias", hiddenSize));
        return specs;
    }

    @Override
    public TransformerModel load(CheckpointWeights weights) throws IOException, HfCheckpointException {
        return Gpt2Model.load(this, weights);
    }
}
