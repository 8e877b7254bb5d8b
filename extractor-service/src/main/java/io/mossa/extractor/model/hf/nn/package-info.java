/**
 * The modules transformers' models are built from (Linear, Conv1D, LayerNorm, RMSNorm, Embedding) as
 * typed records over {@link io.mossa.extractor.model.hf.weights.Weight}s, so that a forward pass reads as
 * its modeling_*.py does. Each applies in the manager of its input, where the block's activations live.
 */
package io.mossa.extractor.model.hf.nn;
