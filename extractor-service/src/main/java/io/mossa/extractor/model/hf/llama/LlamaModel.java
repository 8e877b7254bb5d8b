package io.mossa.extractor.model.hf.llama;

import static io.mossa.extractor.model.hf.TransformerOps.attention;
import static io.mossa.extractor.model.hf.TransformerOps.embedding;
import static io.mossa.extractor.model.hf.TransformerOps.inScope;
import static io.mossa.extractor.model.hf.TransformerOps.linear;
import static io.mossa.extractor.model.hf.TransformerOps.mergeHeads;
import static io.mossa.extractor.model.hf.TransformerOps.repeatKv;
import static io.mossa.extractor.model.hf.TransformerOps.rmsNorm;
import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.model.hf.CheckpointWeights;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.StateEmitter;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerModel;

/**
 * LlamaModel's forward pass (also Mistral and Qwen2, see {@link LlamaSpec}): hidden_states[0] is the
 * embed_tokens output, then each decoder layer's output, the last one after the final RMSNorm.
 */
final class LlamaModel implements TransformerModel {

    private final LlamaSpec spec;
    private final NDArray embedTokens;
    private final Map<String, NDArray>[] layers;
    private final NDArray norm;
    private final RotaryEmbedding rope;
    private final DataType dtype;

    private LlamaModel(LlamaSpec spec, NDArray embedTokens, Map<String, NDArray>[] layers, NDArray norm) {
        this.spec = spec;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.norm = norm;
        this.rope = new RotaryEmbedding(spec.headDim(), spec.ropeTheta(), spec.ropeScaling());
        this.dtype = embedTokens.getDataType();
    }

    @SuppressWarnings("unchecked")
    static LlamaModel load(LlamaSpec spec, CheckpointWeights weights) throws IOException, HfCheckpointException {
        Map<String, NDArray>[] layers = new Map[spec.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            String prefix = "layers." + i + ".";
            layers[i] = new HashMap<>();
            for (TensorSpec tensor : spec.layerTensors(i)) {
                layers[i].put(tensor.name().substring(prefix.length()), weights.load(tensor));
            }
        }
        return new LlamaModel(spec,
                weights.load(new TensorSpec("embed_tokens.weight", spec.vocabSize(), spec.hiddenSize())),
                layers, weights.load(new TensorSpec("norm.weight", spec.hiddenSize())));
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray h = embedding(batch.ids(pass), embedTokens);
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, true);
        NDArray[] cosSin = rope.cosSin(batch, pass, dtype);
        for (int i = 0; i < layers.length; i++) {
            Map<String, NDArray> w = layers[i];
            h = inScope(pass, h, x -> layer(w, x, bias, cosSin[0], cosSin[1]));
            if (i < layers.length - 1) {
                emitter.emit(i + 1, h);
            }
        }
        h = inScope(pass, h, x -> rmsNorm(x, norm, spec.rmsNormEps()));
        emitter.emit(layers.length, h);
    }

    private NDArray layer(Map<String, NDArray> w, NDArray x, NDArray bias, NDArray cos, NDArray sin) {
        float eps = spec.rmsNormEps();
        int headDim = spec.headDim();
        NDArray a = rmsNorm(x, w.get("input_layernorm.weight"), eps);
        NDArray q = splitHeads(linear(a, w.get("self_attn.q_proj.weight"), w.get("self_attn.q_proj.bias")),
                spec.heads(), headDim);
        NDArray k = splitHeads(linear(a, w.get("self_attn.k_proj.weight"), w.get("self_attn.k_proj.bias")),
                spec.kvHeads(), headDim);
        NDArray v = splitHeads(linear(a, w.get("self_attn.v_proj.weight"), w.get("self_attn.v_proj.bias")),
                spec.kvHeads(), headDim);
        q = RotaryEmbedding.apply(q, cos, sin);
        k = RotaryEmbedding.apply(k, cos, sin);
        int groups = spec.heads() / spec.kvHeads();
        NDArray context = attention(q, repeatKv(k, groups), repeatKv(v, groups), bias, 1.0 / Math.sqrt(headDim));
        NDArray h = x.add(linear(mergeHeads(context), w.get("self_attn.o_proj.weight"), w.get("self_attn.o_proj.bias")));
        NDArray m = rmsNorm(h, w.get("post_attention_layernorm.weight"), eps);
        NDArray gate = HiddenActivation.SILU.apply(linear(m, w.get("mlp.gate_proj.weight"), w.get("mlp.gate_proj.bias")));
        NDArray up = linear(m, w.get("mlp.up_proj.weight"), w.get("mlp.up_proj.bias"));
        return h.addi(linear(gate.muli(up), w.get("mlp.down_proj.weight"), w.get("mlp.down_proj.bias")));
    }
}
