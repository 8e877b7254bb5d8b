/**
 * The content-addressed activation cache: one float32 NPY file per (model revision, pooling, layer, prompt format,
 * prompts), least recently used entries evicted past a size limit (docs/activation-cache.md).
 */
package io.mossa.cka.cache;
