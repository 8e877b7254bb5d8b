/**
 * extractor-service: owns the models and serves their hidden states (HuggingFace output_hidden_states semantics) as
 * NPY or JSON.
 */
package io.mossa.extractor;
