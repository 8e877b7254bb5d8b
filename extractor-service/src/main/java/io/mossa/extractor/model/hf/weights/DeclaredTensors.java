package io.mossa.extractor.model.hf.weights;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.TensorSpec;

/** A {@link WeightSource} that only records what is asked for: the tensors an architecture reads. */
public final class DeclaredTensors implements WeightSource {

    private final List<TensorSpec> specs = new ArrayList<>();

    @Override
    public Weight get(String name, long... shape) {
        specs.add(new TensorSpec(name, shape));
        return Unloaded.INSTANCE;
    }

    public List<TensorSpec> specs() {
        return List.copyOf(specs);
    }

    /** The stand-in a model built only to be listed holds; running it is a programming error. */
    private enum Unloaded implements Weight {
        INSTANCE;

        @Override
        public NDArray in(NDManager scope) {
            throw new IllegalStateException("a model built from DeclaredTensors has no weights");
        }

        @Override
        public NDArray rows(long[] ids, Shape idShape, NDManager scope) {
            throw new IllegalStateException("a model built from DeclaredTensors has no weights");
        }
    }
}
