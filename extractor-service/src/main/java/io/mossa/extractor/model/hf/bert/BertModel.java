package io.mossa.extractor.model.hf.bert;

import static io.mossa.extractor.model.hf.TransformerOps.attention;
import static io.mossa.extractor.model.hf.TransformerOps.embedding;
import static io.mossa.extractor.model.hf.TransformerOps.inScope;
import static io.mossa.extractor.model.hf.TransformerOps.layerNorm;
import static io.mossa.extractor.model.hf.TransformerOps.linear;
import static io.mossa.extractor.model.hf.TransformerOps.mergeHeads;
import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.mossa.extractor.model.hf.CheckpointWeights;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.StateEmitter;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerModel;

/**
 * BertModel's forward pass: hidden_states[0] = LayerNorm(word + position + token type 0) (a single
 * segment, as for every input this service takes), then each post-LayerNorm layer's output. BERT has no
 * final norm, so the last entry is the last layer's output. Attention is bidirectional over real tokens.
 */
final class BertModel implements TransformerModel {

    private final BertSpec spec;
    private final Map<String, NDArray> embeddings;
    private final Map<String, NDArray>[] layers;

    private BertModel(BertSpec spec, Map<String, NDArray> embeddings, Map<String, NDArray>[] layers) {
        this.spec = spec;
        this.embeddings = embeddings;
        this.layers = layers;
    }

    @SuppressWarnings("unchecked")
    static BertModel load(BertSpec spec, CheckpointWeights weights) throws IOException, HfCheckpointException {
        Map<String, NDArray> embeddings = new HashMap<>();
        for (TensorSpec tensor : spec.embeddingTensors()) {
            embeddings.put(tensor.name(), weights.load(tensor));
        }
        Map<String, NDArray>[] layers = new Map[spec.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            String prefix = "encoder.layer." + i + ".";
            layers[i] = new HashMap<>();
            for (TensorSpec tensor : spec.layerTensors(i)) {
                layers[i].put(tensor.name().substring(prefix.length()), weights.load(tensor));
            }
        }
        return new BertModel(spec, embeddings, layers);
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray tokenType = embeddings.get("embeddings.token_type_embeddings.weight").get(new NDIndex("0"));
        NDArray sum = embedding(batch.ids(pass), embeddings.get("embeddings.word_embeddings.weight"))
                .addi(embedding(batch.positions(pass), embeddings.get("embeddings.position_embeddings.weight")))
                .addi(tokenType);
        NDArray h = layerNorm(sum, embeddings.get("embeddings.LayerNorm.weight"),
                embeddings.get("embeddings.LayerNorm.bias"), spec.layerNormEps());
        tokenType.close();
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, false);
        for (int i = 0; i < layers.length; i++) {
            Map<String, NDArray> w = layers[i];
            h = inScope(pass, h, x -> layer(w, x, bias));
            emitter.emit(i + 1, h);
        }
    }

    private NDArray layer(Map<String, NDArray> w, NDArray x, NDArray bias) {
        int heads = spec.heads();
        int headDim = spec.hiddenSize() / heads;
        float eps = spec.layerNormEps();
        NDArray q = splitHeads(linear(x, w.get("attention.self.query.weight"), w.get("attention.self.query.bias")),
                heads, headDim);
        NDArray k = splitHeads(linear(x, w.get("attention.self.key.weight"), w.get("attention.self.key.bias")),
                heads, headDim);
        NDArray v = splitHeads(linear(x, w.get("attention.self.value.weight"), w.get("attention.self.value.bias")),
                heads, headDim);
        NDArray context = mergeHeads(attention(q, k, v, bias, 1.0 / Math.sqrt(headDim)));
        NDArray attended = linear(context, w.get("attention.output.dense.weight"), w.get("attention.output.dense.bias"))
                .addi(x);
        NDArray h = layerNorm(attended, w.get("attention.output.LayerNorm.weight"),
                w.get("attention.output.LayerNorm.bias"), eps);
        NDArray inner = spec.activation().apply(linear(h, w.get("intermediate.dense.weight"),
                w.get("intermediate.dense.bias")));
        NDArray out = linear(inner, w.get("output.dense.weight"), w.get("output.dense.bias")).addi(h);
        return layerNorm(out, w.get("output.LayerNorm.weight"), w.get("output.LayerNorm.bias"), eps);
    }
}
