/**
 * Text to token ids with a model's HuggingFace tokenizer.
 */
package io.mossa.extractor.tokenize;
