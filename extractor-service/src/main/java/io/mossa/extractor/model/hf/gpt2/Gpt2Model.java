package io.mossa.extractor.model.hf.gpt2;

import static io.mossa.extractor.model.hf.TransformerOps.attention;
import static io.mossa.extractor.model.hf.TransformerOps.embedding;
import static io.mossa.extractor.model.hf.TransformerOps.inScope;
import static io.mossa.extractor.model.hf.TransformerOps.layerNorm;
import static io.mossa.extractor.model.hf.TransformerOps.linear;
import static io.mossa.extractor.model.hf.TransformerOps.mergeHeads;
import static io.mossa.extractor.model.hf.TransformerOps.splitHeads;

import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mossa.extractor.model.hf.CheckpointWeights;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.StateEmitter;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.model.hf.TokenBatch;
import io.mossa.extractor.model.hf.TransformerModel;

/**
 * GPT2Model's forward pass: hidden_states[0] = wte + wpe, then each block's output (pre-LayerNorm
 * blocks), the last one after ln_f. Conv1D weights are kept as stored ([in, out]) and used through a
 * transposed view, so no weight is copied.
 */
final class Gpt2Model implements TransformerModel {

    private record Block(NDArray ln1Weight, NDArray ln1Bias, NDArray attnWeight, NDArray attnBias,
            NDArray projWeight, NDArray projBias, NDArray ln2Weight, NDArray ln2Bias, NDArray fcWeight,
            NDArray fcBias, NDArray mlpProjWeight, NDArray mlpProjBias) {
    }

    private final Gpt2Spec spec;
    private final NDArray wte;
    private final NDArray wpe;
    private final Block[] blocks;
    private final NDArray lnFWeight;
    private final NDArray lnFBias;

    private Gpt2Model(Gpt2Spec spec, NDArray wte, NDArray wpe, Block[] blocks, NDArray lnFWeight, NDArray lnFBias) {
        this.spec = spec;
        this.wte = wte;
        this.wpe = wpe;
        this.blocks = blocks;
        this.lnFWeight = lnFWeight;
        this.lnFBias = lnFBias;
    }

    static Gpt2Model load(Gpt2Spec spec, CheckpointWeights weights) throws IOException, HfCheckpointException {
        int d = spec.hiddenSize();
        Block[] blocks = new Block[spec.numLayers()];
        for (int i = 0; i < blocks.length; i++) {
            String p = "h." + i + ".";
            blocks[i] = new Block(
                    weights.load(new TensorSpec(p + "ln_1.weight", d)),
                    weights.load(new TensorSpec(p + "ln_1.bias", d)),
                    weights.load(new TensorSpec(p + "attn.c_attn.weight", d, 3L * d)).transpose(),
                    weights.load(new TensorSpec(p + "attn.c_attn.bias", 3L * d)),
                    weights.load(new TensorSpec(p + "attn.c_proj.weight", d, d)).transpose(),
                    weights.load(new TensorSpec(p + "attn.c_proj.bias", d)),
                    weights.load(new TensorSpec(p + "ln_2.weight", d)),
                    weights.load(new TensorSpec(p + "ln_2.bias", d)),
                    weights.load(new TensorSpec(p + "mlp.c_fc.weight", d, spec.inner())).transpose(),
                    weights.load(new TensorSpec(p + "mlp.c_fc.bias", spec.inner())),
                    weights.load(new TensorSpec(p + "mlp.c_proj.weight", spec.inner(), d)).transpose(),
                    weights.load(new TensorSpec(p + "mlp.c_proj.bias", d)));
        }
        return new Gpt2Model(spec,
                weights.load(new TensorSpec("wte.weight", spec.vocabSize(), d)),
                weights.load(new TensorSpec("wpe.weight", spec.positions(), d)),
                blocks,
                weights.load(new TensorSpec("ln_f.weight", d)),
                weights.load(new TensorSpec("ln_f.bias", d)));
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray h = embedding(batch.ids(pass), wte).addi(embedding(batch.positions(pass), wpe));
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, true);
        for (int i = 0; i < blocks.length; i++) {
            Block block = blocks[i];
            h = inScope(pass, h, x -> block(block, x, bias));
            if (i < blocks.length - 1) {
                emitter.emit(i + 1, h);
            }
        }
        h = inScope(pass, h, x -> layerNorm(x, lnFWeight, lnFBias, spec.layerNormEps()));
        emitter.emit(blocks.length, h);
    }

    private NDArray block(Block b, NDArray x, NDArray bias) {
        int heads = spec.heads();
        int headDim = spec.hiddenSize() / heads;
        float eps = spec.layerNormEps();
        NDList qkv = linear(layerNorm(x, b.ln1Weight(), b.ln1Bias(), eps), b.attnWeight(), b.attnBias()).split(3, 2);
        NDArray context = attention(splitHeads(qkv.get(0), heads, headDim), splitHeads(qkv.get(1), heads, headDim),
                splitHeads(qkv.get(2), heads, headDim), bias, 1.0 / Math.sqrt(headDim));
        NDArray h = x.add(linear(mergeHeads(context), b.projWeight(), b.projBias()));
        NDArray inner = spec.activation().apply(linear(layerNorm(h, b.ln2Weight(), b.ln2Bias(), eps), b.fcWeight(),
                b.fcBias()));
        return h.addi(linear(inner, b.mlpProjWeight(), b.mlpProjBias()));
    }
}
