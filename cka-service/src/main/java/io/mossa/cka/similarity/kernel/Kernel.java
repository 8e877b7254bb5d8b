package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;

/**
 * A kernel k(x_i, x_j) over the rows of one layer's representation. CKA centres the kernel matrix itself,
 * so a kernel only has to produce K; {@link #isLinear()} lets the engine use the feature-space form, which
 * exists for the linear kernel alone.
 */
public sealed interface Kernel permits LinearKernel, RbfKernel, PolynomialKernel {

    /** The n x n kernel matrix of the n x p float64 matrix {@code x} (rows = inputs). */
    NDArray matrix(NDArray x);

    /** The name used in the API and in stored results. */
    String name();

    default boolean isLinear() {
        return false;
    }

    /**
     * Columns centred: X - 1 mean^T. Every kernel here is applied to data whose origin carries no meaning for
     * CKA (linear and RBF are unaffected by it after Gram centring); centring first keeps the Gram entries small.
     */
    static NDArray centreColumns(NDArray x) {
        try (NDArray mean = x.mean(new int[] {0}, true)) {
            return x.sub(mean);
        }
    }

    /** {@link #centreColumns} without a copy: large layers cost seconds to allocate on fresh memory. */
    static NDArray centreColumnsInPlace(NDArray x) {
        try (NDArray mean = x.mean(new int[] {0}, true)) {
            return x.subi(mean);
        }
    }
}
