/**
 * POST /v1/similarity: CKA of activations the caller brings as NPY files.
 */
package io.mossa.cka.similarity.api;
