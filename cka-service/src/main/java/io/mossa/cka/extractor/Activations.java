package io.mossa.cka.extractor;

/**
 * Activations of one model for n inputs: {@code layers[l]} is the (n x dim) row-major matrix of the l-th
 * requested layer, float32 as the extractor sends them.
 */
public record Activations(String model, int n, int dim, float[][] layers) {
}
