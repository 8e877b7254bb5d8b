package io.mossa.extractor.model.hf.llama;

import static io.mossa.extractor.model.hf.TransformerOps.inScope;
import static io.mossa.extractor.model.hf.TransformerOps.repeatKv;
import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import java.io.IOException;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.StateEmitter;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerModel;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import io.mossa.extractor.model.hf.nn.Embedding;
import io.mossa.extractor.model.hf.nn.RmsNorm;
import io.mossa.extractor.model.hf.weights.WeightSource;

/**
 * LlamaModel's forward pass (also Mistral and Qwen2, see {@link LlamaSpec}): hidden_states[0] is the
 * embed_tokens output, then each decoder layer's output, the last one after the final RMSNorm.
 */
final class LlamaModel implements TransformerModel {

    private final LlamaSpec spec;
    private final Embedding embedTokens;
    private final List<LlamaLayer> layers;
    private final RmsNorm norm;
    private final RotaryEmbedding rope;
    private final Attention attention;

    private LlamaModel(LlamaSpec spec, Embedding embedTokens, List<LlamaLayer> layers, RmsNorm norm,
            Attention attention) {
        this.spec = spec;
        this.attention = attention;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.norm = norm;
        this.rope = new RotaryEmbedding(spec.headDim(), spec.ropeTheta(), spec.ropeScaling());
    }

    static LlamaModel build(LlamaSpec spec, WeightSource weights) throws IOException, HfCheckpointException {
        Embedding embedTokens = weights.embedding("embed_tokens", spec.vocabSize(), spec.hiddenSize());
        LlamaLayer[] layers = new LlamaLayer[spec.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = LlamaLayer.of(spec, i, weights);
        }
        return new LlamaModel(spec, embedTokens, List.of(layers),
                weights.rmsNorm("norm", spec.hiddenSize(), spec.rmsNormEps()), weights.attention());
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray h = embedTokens.lookup(batch.ids(), batch.shape(), pass);
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, true);
        NDArray[] cosSin = rope.cosSin(batch, pass, h.getDataType());
        for (int i = 0; i < layers.size(); i++) {
            LlamaLayer layer = layers.get(i);
            h = inScope(pass, h, x -> decoderLayer(layer, x, bias, cosSin[0], cosSin[1]));
            if (i < layers.size() - 1) {
                emitter.emit(i + 1, h);
            }
        }
        h = inScope(pass, h, norm::apply);
        emitter.emit(layers.size(), h);
    }

    private NDArray decoderLayer(LlamaLayer l, NDArray x, NDArray bias, NDArray cos, NDArray sin) {
        NDArray a = l.inputLayernorm().apply(x);
        NDArray q = RotaryEmbedding.apply(splitHeads(l.qProj().apply(a), spec.heads(), spec.headDim()), cos, sin);
        NDArray k = RotaryEmbedding.apply(splitHeads(l.kProj().apply(a), spec.kvHeads(), spec.headDim()), cos, sin);
        NDArray v = splitHeads(l.vProj().apply(a), spec.kvHeads(), spec.headDim());
        int groups = spec.heads() / spec.kvHeads();
        NDArray context = attention.apply(q, repeatKv(k, groups), repeatKv(v, groups), bias,
                1.0 / Math.sqrt(spec.headDim()), Softmax.FLOAT32);
        NDArray afterAttention = x.add(l.oProj().apply(context));

        NDArray m = l.postAttentionLayernorm().apply(afterAttention);
        return afterAttention.addi(l.gateProj().gatedFeedForward(m, HiddenActivation.SILU, l.upProj(), l.downProj()));
    }
}
