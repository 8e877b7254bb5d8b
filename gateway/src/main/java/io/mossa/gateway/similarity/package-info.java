/**
 * POST /api/v1/similarity: activations the caller brings, streamed through to cka-service.
 */
package io.mossa.gateway.similarity;
