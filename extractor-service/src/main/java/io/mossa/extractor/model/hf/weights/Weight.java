package io.mossa.extractor.model.hf.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One tensor of a loaded model as the forward pass asks for it: in the compute dtype on the compute device,
 * whether it is held that way ({@link ResidentWeight}) or kept as stored and converted for each use
 * ({@link ConvertedOnUse}). Arrays returned belong to the given scope or to the model: never close them.
 */
public interface Weight {

    /** The whole tensor, valid while {@code scope} is open. */
    NDArray in(NDManager scope);

    /** Rows {@code ids} of a [rows, width] table as [idShape..., width], attached to {@code scope}. */
    NDArray rows(long[] ids, Shape idShape, NDManager scope);
}
