package io.mossa.cka.extractor;

import java.nio.FloatBuffer;

/**
 * Activations of one model for n inputs: {@code layers[l]} is the (n x dim) row-major matrix of the l-th
 * requested layer, float32 as the extractor sends them, mapped from a file (not held on the Java heap).
 */
public record Activations(String model, int n, int dim, FloatBuffer[] layers) {
}
