package io.mossa.extractor.model.hf.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.TransformerOps;

/**
 * A weight held in the compute dtype for the model's lifetime: a copy on a GPU, or on the CPU the
 * memory-mapped file itself when it is stored in the compute dtype (no copy, the page cache holds it).
 */
record ResidentWeight(NDArray array) implements Weight {

    @Override
    public NDArray in(NDManager scope) {
        return array;
    }

    @Override
    public NDArray rows(long[] ids, Shape idShape, NDManager scope) {
        return TransformerOps.embedding(scope.create(ids, idShape), array);
    }
}
