package io.mossa.extractor.model.hf.bert;

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
    public List<TensorSpec> tensors() {
        List<TensorSpec> specs = new ArrayList<>(embeddingTensors());
        for (int i = 0; i < numLayers; i++) {
            specs.addAll(layerTensors(i));
        }
        return specs;
    }

    List<TensorSpec> embeddingTensors() {
        return List.of(new TensorSpec("embeddings.word_embeddings.weight", vocabSize, hiddenSize),
                new TensorSpec("embeddings.position_embeddings.weight", positions, hiddenSize),
                new TensorSpec("embeddings.token_type_embeddings.weight", typeVocabSize, hiddenSize),
                new TensorSpec("embeddings.LayerNorm.weight", hiddenSize),
                new TensorSpec("embeddings.LayerNorm.bias", hiddenSize));
    }

    List<TensorSpec> layerTensors(int layer) {
        String p = "encoder.layer." + layer + ".";
        return List.of(
                new TensorSpec(p + "attention.self.query.weight", hiddenSize, hiddenSize),
                new TensorSpec(p + "attention.self.query.bias", hiddenSize),
                new TensorSpec(p + "attention.self.key.weight", hiddenSize, hiddenSize),
                new TensorSpec(p + "attention.self.key.bias", hiddenSize),
                new TensorSpec(p + "attention.self.value.weight", hiddenSize, hiddenSize),
                new TensorSpec(p + "attention.self.value.bias", hiddenSize),
                new TensorSpec(p + "attention.output.dense.weight", hiddenSize, hiddenSize),
                new TensorSpec(p + "attention.output.dense.bias", hiddenSize),
                new TensorSpec(p + "attention.output.LayerNorm.weight", hiddenSize),
                new TensorSpec(p + "attention.output.LayerNorm.bias", hiddenSize),
                new TensorSpec(p + "intermediate.dense.weight", intermediateSize, hiddenSize),
                new TensorSpec(p + "intermediate.dense.bias", intermediateSize),
                new TensorSpec(p + "output.dense.weight", hiddenSize, intermediateSize),
                new TensorSpec(p + "output.dense.bias", hiddenSize),
                new TensorSpec(p + "output.LayerNorm.weight", hiddenSize),
                new TensorSpec(p + "output.LayerNorm.bias", hiddenSize));
    }

    @Override
    public TransformerModel load(CheckpointWeights weights) throws IOException, HfCheckpointException {
        return BertModel.load(this, weights);
    }
}
