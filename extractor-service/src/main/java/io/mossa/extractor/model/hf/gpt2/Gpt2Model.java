package io.mossa.extractor.model.hf.gpt2;

import static io.mossa.extractor.model.hf.TransformerOps.inScope;

import java.io.IOException;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * GPT2Model's forward pass: hidden_states[0] = wte + wpe, then each block's output (pre-LayerNorm
 * blocks), the last one after ln_f.
 */
final class Gpt2Model implements TransformerModel {

    private final Gpt2Spec spec;
    private final Embedding wte;
    private final Embedding wpe;
    private final List<Gpt2Block> blocks;
    private final LayerNorm lnF;
    private final Attention attention;

    private Gpt2Model(Gpt2Spec spec, Embedding wte, Embedding wpe, List<Gpt2Block> blocks, LayerNorm lnF,
            Attention attention) {
        this.spec = spec;
        this.attention = attention;
        this.wte = wte;
        this.wpe = wpe;
        this.blocks = blocks;
        this.lnF = lnF;
    }

    static Gpt2Model build(Gpt2Spec spec, WeightSource weights) throws IOException, HfCheckpointException {
        Embedding wte = weights.embedding("wte", spec.vocabSize(), spec.hiddenSize());
        Embedding wpe = weights.embedding("wpe", spec.positions(), spec.hiddenSize());
        Gpt2Block[] blocks = new Gpt2Block[spec.numLayers()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Gpt2Block.of(spec, i, weights);
        }
        return new Gpt2Model(spec, wte, wpe, List.of(blocks),
                weights.layerNorm("ln_f", spec.hiddenSize(), spec.layerNormEps()), weights.attention());
    }

    @Override
    public void forward(TokenBatch batch, NDManager pass, StateEmitter emitter) {
        NDArray h = wte.lookup(batch.ids(), batch.shape(), pass)
                .addi(wpe.lookup(batch.positions(), batch.shape(), pass));
        emitter.emit(0, h);
        NDArray bias = batch.attentionBias(pass, true);
        for (int i = 0; i < blocks.size(); i++) {
            Gpt2Block block = blocks.get(i);
            h = inScope(pass, h, x -> block(block, x, bias));
            if (i < blocks.size() - 1) {
                emitter.emit(i + 1, h);
            }
        }
        h = inScope(pass, h, lnF::apply);
        emitter.emit(blocks.size(), h);
    }

    private NDArray block(Gpt2Block b, NDArray x, NDArray bias) {
        int heads = spec.heads();
        int headDim = spec.hiddenSize() / heads;
        NDArray context = b.cAttn().selfAttention(b.ln1().apply(x), attention, heads, bias, 1.0 / Math.sqrt(headDim),
                Softmax.COMPUTE_DTYPE);
        NDArray afterAttention = x.add(b.attnCProj().apply(context));

        NDArray mlp = b.cFc().feedForward(b.ln2().apply(afterAttention), spec.activation(), b.mlpCProj());
        return afterAttention.addi(mlp);
    }
}
