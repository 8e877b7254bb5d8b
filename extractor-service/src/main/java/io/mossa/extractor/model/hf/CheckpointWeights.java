package io.mossa.extractor.model.hf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;
import io.mossa.extractor.tensor.safetensors.SafetensorsFile;
import io.mossa.extractor.tensor.safetensors.SafetensorsTensor;

/**
 * Turns stored tensors into NDArrays of the compute dtype on the compute device.
 *
 * <p>F32 and F16 data go from the memory-mapped file straight into a CPU tensor (DJL wraps a direct
 * buffer without copying) and are then converted by the engine, so weights never pass through the Java
 * heap. BF16 is widened to float32 in Java, a window at a time, because a BF16 NDArray crashes DJL's
 * CPU PyTorch engine; a bfloat16 compute dtype (GPU only) is reached by converting on the device. Windows of at most {@link #WINDOW_BYTES} keep every mapping under
 * the 2 GiB limit of {@code FileChannel.map} and bound the transient memory of a large embedding.
 */
public final class CheckpointWeights {

    static final long WINDOW_BYTES = 256L << 20;

    private final TensorNames names;
    private final NDManager target;
    private final ComputeOptions compute;
    /** BF16 widening buffer, reused across tensors (loading a model is single-threaded). */
    private ByteBuffer widened;

    /** @param target the model's manager; every loaded weight is attached to it */
    public CheckpointWeights(TensorNames names, NDManager target, ComputeOptions compute) {
        this.names = names;
        this.target = target;
        this.compute = compute;
    }

    public NDArray load(TensorSpec spec) throws IOException, HfCheckpointException {
        SafetensorsTensor tensor = names.find(spec.name());
        if (tensor == null) {
            throw new HfCheckpointException("tensor '" + names.stored(spec.name()) + "' is missing");
        }
        if (!Arrays.equals(tensor.shape(), spec.shape())) {
            throw new HfCheckpointException("tensor '" + tensor.name() + "' has shape " + tensor.shapeText()
                    + ", config.json implies " + Arrays.toString(spec.shape()));
        }
        long[] shape = tensor.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowElements = rows == 0 ? 0 : tensor.elementCount() / rows;
        long rowBytes = Math.max(1, rowElements * 4);
        long rowsPerWindow = Math.max(1, WINDOW_BYTES / rowBytes);
        DataType staged = compute.dtype() == DataType.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32;
        try (NDManager staging = NDManager.newBaseManager(Device.cpu(), target.getEngine().getEngineName())) {
            List<NDArray> parts = new ArrayList<>();
            for (long first = 0; first < rows; first += rowsPerWindow) {
                long count = Math.min(rowsPerWindow, rows - first);
                long[] partShape = shape.clone();
                if (partShape.length > 0) {
                    partShape[0] = count;
                }
                long elements = count * rowElements;
                NDArray raw;
                if (tensor.dtype() == SafetensorsDType.BF16) {
                    if (widened == null || widened.capacity() < elements * 4) {
                        widened = ByteBuffer.allocateDirect(Math.toIntExact(elements * 4)).order(ByteOrder.nativeOrder());
                    }
                    ByteBuffer window = widen(SafetensorsFile.map(tensor, first * rowElements, elements), widened,
                            Math.toIntExact(elements));
                    raw = staging.create(window, new Shape(partShape), DataType.FLOAT32);
                } else {
                    ByteBuffer mapped = SafetensorsFile.map(tensor, first * rowElements, elements);
                    raw = staging.create(mapped, new Shape(partShape),
                            tensor.dtype() == SafetensorsDType.F16 ? DataType.FLOAT16 : DataType.FLOAT32);
                }
                parts.add(owned(raw, staged));
            }
            NDArray whole = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            NDArray placed = compute.device().equals(Device.cpu()) ? whole : whole.toDevice(compute.device(), false);
            // bfloat16 only ever exists on the compute device (GPU), never on the CPU engine
            NDArray typed = placed.toType(compute.dtype(), false);
            typed.attach(target);
            return typed;
        }
    }

    /** A copy that owns its memory: the raw array only borrows the mapped file or the reused buffer. */
    private static NDArray owned(NDArray raw, DataType dtype) {
        NDArray converted = raw.toType(dtype, false);
        return converted == raw ? raw.duplicate() : converted;
    }

    private static ByteBuffer widen(ByteBuffer bf16, ByteBuffer target, int count) {
        ByteBuffer in = bf16.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = target.clear().limit(count * 4);
        for (int i = 0; i < count; i++) {
            out.putInt((in.getShort() & 0xffff) << 16);
        }
        return out.flip();
    }
}
