package io.mossa.extractor.model.hf.bfloat16;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;

/**
 * Passes arrays between DJL and the JavaCPP presets without copying. Both bind the same libtorch (see
 * {@link Bfloat16Units}), and a DJL PyTorch array's handle is the address of a heap {@code torch::Tensor}
 * (DJL's JNI creates every result with {@code new torch::Tensor(...)}), which is what the presets' Tensor
 * class wraps. Data flows one way only, from DJL into libtorch calls whose results are written into arrays
 * DJL allocated, so every native object keeps the single owner that frees it.
 */
public final class TorchBridge {

    private TorchBridge() {
    }

    /** The same {@code at::Tensor} as {@code array}, not owned: valid while the array is open, never freed here. */
    public static Tensor borrow(NDArray array) {
        return new Tensor(new Address(((PtNDArray) array).getHandle()));
    }

    /** A pointer to an address owned elsewhere (no deallocator). */
    private static final class Address extends Pointer {

        Address(long address) {
            this.address = address;
        }
    }
}
