package io.mossa.extractor.model.hf.llama;

import java.io.IOException;
import java.util.List;

import io.mossa.extractor.model.hf.ArchitectureSpec;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerModel;
import io.mossa.extractor.model.hf.weights.WeightSource;

/**
 * Llama, Mistral and Qwen2 share one decoder (RMSNorm, rotary attention with grouped key/value heads,
 * gated SiLU MLP); they differ only in flags read here with each config class's defaults:
 * <ul>
 * <li>llama: {@code attention_bias} (q/k/v/o biases), {@code mlp_bias}, rope_scaling llama3;</li>
 * <li>qwen2: q/k/v biases always, no o_proj bias;</li>
 * <li>mistral: no biases; {@code sliding_window}.</li>
 * </ul>
 * Sliding-window attention is not implemented. It only changes results for inputs longer than the
 * window, so the window caps {@link #maxTokens()} and longer inputs are refused (422) rather than
 * computed with full attention.
 */
public record LlamaSpec(String architecture, int numLayers, int hiddenSize, int intermediateSize, int heads,
        int kvHeads, int headDim, int vocabSize, int maxPositions, Integer slidingWindow, float rmsNormEps,
        double ropeTheta, RopeScaling ropeScaling, boolean qkvBias, boolean outputBias, boolean mlpBias)
        implements ArchitectureSpec {

    public static LlamaSpec from(HfConfig config, String modelType) throws HfCheckpointException {
        int hidden = config.positiveInt("hidden_size", 4096);
        int heads = config.positiveInt("num_attention_heads", 32);
        int kvHeads = config.positiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw new HfCheckpointException(HfConfig.FILE + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (!config.has("head_dim") && hidden % heads != 0) {
            throw new HfCheckpointException(HfConfig.FILE + ": hidden_size " + hidden
                    + " is not divisible by num_attention_heads " + heads);
        }
        int headDim = config.positiveInt("head_dim", hidden / heads);
        if (headDim % 2 != 0) {
            throw new HfCheckpointException(HfConfig.FILE + ": head_dim " + headDim + " must be even for rotary embeddings");
        }
        HiddenActivation act = HiddenActivation.parse(config.string("hidden_act", "silu"), "hidden_act");
        if (act != HiddenActivation.SILU) {
            throw new HfCheckpointException(HfConfig.FILE + ": hidden_act must be silu for " + modelType);
        }
        boolean llama = modelType.equals("llama");
        boolean qwen2 = modelType.equals("qwen2");
        boolean attentionBias = llama && config.flag("attention_bias", false);
        Integer window = null;
        if (modelType.equals("mistral") && config.has("sliding_window")) {
            window = config.positiveInt("sliding_window");
        } else if (qwen2 && config.flag("use_sliding_window", false)) {
            window = config.positiveInt("sliding_window", 4096);
        }
        int defaultPositions = switch (modelType) {
            case "mistral" -> 4096 * 32;
            case "qwen2" -> 32768;
            default -> 2048;
        };
        return new LlamaSpec(modelType, config.positiveInt("num_hidden_layers", 32), hidden,
                config.positiveInt("intermediate_size", llama ? 11008 : qwen2 ? 22016 : 14336), heads, kvHeads, headDim,
                config.positiveInt("vocab_size", 32000),
                config.positiveInt("max_position_embeddings", defaultPositions), window,
                (float) config.positiveNumber("rms_norm_eps", 1e-6),
                config.positiveNumber("rope_theta", 10000.0), llama ? RopeScaling.from(config) : noScaling(config),
                attentionBias || qwen2, attentionBias, llama && config.flag("mlp_bias", false));
    }

    private static RopeScaling noScaling(HfConfig config) throws HfCheckpointException {
        RopeScaling scaling = RopeScaling.from(config);
        if (scaling != null) {
            throw new HfCheckpointException(HfConfig.FILE + ": rope_scaling is only supported for model_type llama");
        }
        return null;
    }

    @Override
    public int maxTokens() {
        return slidingWindow == null ? maxPositions : Math.min(maxPositions, slidingWindow);
    }

    @Override
    public List<String> prefixes() {
        return List.of("model.", "");
    }

    @Override
    public String anchor() {
        return "embed_tokens.weight";
    }

    int queryWidth() {
        return heads * headDim;
    }

    int kvWidth() {
        return kvHeads * headDim;
    }

    @Override
    public TransformerModel build(WeightSource weights) throws IOException, HfCheckpointException {
        return LlamaModel.build(this, weights);
    }
}
