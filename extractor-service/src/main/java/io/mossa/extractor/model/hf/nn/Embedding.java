package io.mossa.extractor.model.hf.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.weights.Weight;

/** torch.nn.Embedding: rows of a [rows, width] table; only the rows asked for are read from storage. */
public record Embedding(Weight table) {

    /** ids laid out as {@code shape} ([B, T]) to [B, T, width] in {@code scope}. */
    public NDArray lookup(long[] ids, Shape shape, NDManager scope) {
        return table.rows(ids, shape, scope);
    }
}
