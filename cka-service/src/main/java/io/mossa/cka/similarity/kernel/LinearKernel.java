package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;

/** k(x, y) = x . y. Its kernel matrix is returned already centred (X~ X~^T with X~ = HX, equal to HKH). */
public record LinearKernel() implements Kernel {

    @Override
    public NDArray matrix(NDArray x) {
        try (NDArray centred = Kernel.centreColumns(x)) {
            return SymmetricProduct.gram(centred);
        }
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public boolean isLinear() {
        return true;
    }
}
