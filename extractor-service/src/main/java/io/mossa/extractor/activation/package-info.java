/**
 * POST /v1/activations: requests validated and prepared, batched, bounded in concurrency, pooled and encoded.
 */
package io.mossa.extractor.activation;
