package io.mossa.extractor.model.hf.bert;

import java.io.IOException;
import java.util.List;

import io.mossa.extractor.model.hf.ArchitectureSpec;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerModel;
import io.mossa.extractor.model.hf.weights.WeightSource;

/** BERT as transformers' BertModel with BertConfig defaults; absolute position embeddings only. */
public record BertSpec(int numLayers, int hiddenSize, int heads, int intermediateSize, int vocabSize,
        int positions, int typeVocabSize, float layerNormEps, HiddenActivation activation)
        implements ArchitectureSpec {

    public static BertSpec from(HfConfig config) throws HfCheckpointException {
        int hidden = config.positiveInt("hidden_size", 768);
        int heads = config.positiveInt("num_attention_heads", 12);
        if (hidden % heads != 0) {
            throw new HfCheckpointException(HfConfig.FILE + ": hidden_size " + hidden
                    + " is not divisible by num_attention_heads " + heads);
        }
        String positionType = config.string("position_embedding_type", "absolute");
        if (!positionType.equals("absolute")) {
            throw new HfCheckpointException(HfConfig.FILE + ": position_embedding_type \"" + positionType
                    + "\" is not supported; supported: absolute");
        }
        return new BertSpec(config.positiveInt("num_hidden_layers", 12), hidden, heads,
                config.positiveInt("intermediate_size", 3072), config.positiveInt("vocab_size", 30522),
                config.positiveInt("max_position_embeddings", 512), config.positiveInt("type_vocab_size", 2),
                (float) config.positiveNumber("layer_norm_eps", 1e-12),
                HiddenActivation.parse(config.string("hidden_act", "gelu"), "hidden_act"));
    }

    @Override
    public String architecture() {
        return "bert";
    }

    @Override
    public int maxTokens() {
        return positions;
    }

    @Override
    public List<String> prefixes() {
        return List.of("bert.", "");
    }

    @Override
    public String anchor() {
        return "embeddings.word_embeddings.weight";
    }

    @Override
    public TransformerModel build(WeightSource weights) throws IOException, HfCheckpointException {
        return BertModel.build(this, weights);
    }
}
