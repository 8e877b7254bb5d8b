package io.mossa.extractor.model.hf.bert;

import static io.mossa.extractor.model.hf.TransformerOps.inScope;
import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import java.io.IOException;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.StateEmitter;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerModel;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import io.mossa.extractor.model.hf.nn.Embedding;
import io.mossa.extractor.model.hf.nn.LayerNorm;
import io.mossa.extractor.model.hf.weights.WeightSource;

/**
 * BertModel's forward pass: hidden_states[0] = LayerNorm(word + position + token type 0) (a single
 * segment, as for every input this service takes), then each post-LayerNorm layer's output. BERT has no
 * final norm, so the last entry is the last layer's output. Attention is bidirectional over real tokens.
 */
final class BertModel implements TransformerModel {

    private final BertSpec spec;
    private final Embedding wordEmbeddings;
    private final Embedding positionEmbeddings;
    private final Embedding tokenTypeEmbeddings;
    private final LayerNorm embeddingsLayerNorm;
    private final List<BertLayer> layers;
    private final Attention attention;

    private BertModel(BertSpec spec, Embedding wordEmbeddings, Embedding positionEmbeddings,
            Embedding tokenTypeEmbeddings, LayerNorm embeddingsLayerNorm, List<BertLayer> layers,
            Attention attention) {
        this.spec = spec;
        this.attention = attention;
        this.wordEmbeddings = wordEmbeddings;
        this.positionEmbeddings = positionEmbeddings;
        this.tokenTypeEmbeddings = tokenTypeEmbeddings;
        this.embeddingsLayerNorm = embeddingsLayerNorm;
        this.layers = layers;
    }

    static BertModel build(BertSpec spec, WeightSource weights) throws IOException, HfCheckpointException {
        int d = spec.hiddenSize();
        Embedding word = weights.embedding("embeddings.word_embeddings", spec.vocabSize(), d);
        Embedding position = weights.embedding("embeddings.position_embeddings", spec.positions(), d);
        Embedding tokenType = weights.embedding("embeddings.token_type_embeddings", spec.typeVocabSize(), d);
        LayerNorm norm = weights.layerNorm("embeddings.LayerNorm", d, spec.layerNormEps());
        BertLayer[] layers = new BertLayer[spec.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = BertLayer.of(spec, i, weights);
        }
        return new BertModel(spec, word, position, tokenType, norm, List.of(layers), weights.attention());
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray sum = wordEmbeddings.lookup(batch.ids(), batch.shape(), pass)
                .addi(positionEmbeddings.lookup(batch.positions(), batch.shape(), pass))
                .addi(tokenTypeEmbeddings.lookup(new long[] {0}, new Shape(1), pass));
        NDArray h = embeddingsLayerNorm.apply(sum);
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, false);
        for (int i = 0; i < layers.size(); i++) {
            BertLayer layer = layers.get(i);
            h = inScope(pass, h, x -> layer(layer, x, bias));
            emitter.emit(i + 1, h);
        }
    }

    private NDArray layer(BertLayer l, NDArray x, NDArray bias) {
        int heads = spec.heads();
        int headDim = spec.hiddenSize() / heads;
        NDArray context = attention.apply(splitHeads(l.query().apply(x), heads, headDim),
                splitHeads(l.key().apply(x), heads, headDim), splitHeads(l.value().apply(x), heads, headDim), bias,
                1.0 / Math.sqrt(headDim), Softmax.COMPUTE_DTYPE);
        NDArray afterAttention = l.attentionLayerNorm().apply(l.attentionOutput().apply(context).addi(x));

        NDArray mlp = l.intermediate().feedForward(afterAttention, spec.activation(), l.output());
        return l.outputLayerNorm().apply(mlp.addi(afterAttention));
    }
}
