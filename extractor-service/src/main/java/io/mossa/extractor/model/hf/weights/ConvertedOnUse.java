package io.mossa.extractor.model.hf.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/**
 * A weight kept as stored (memory-mapped, in the file's dtype) and converted to the compute dtype each time
 * a forward pass reaches it: how a half-precision checkpoint is served in float32 on a CPU within the
 * memory of its file plus one layer. bfloat16 is widened in Java straight into the array's native memory,
 * because DJL's PyTorch engine aborts the JVM on a bfloat16 (or int16) array; float16 and float32 are
 * wrapped where they lie and converted by the engine.
 */
final class ConvertedOnUse implements Weight {

    private final ByteBuffer stored;
    private final SafetensorsDType dtype;
    private final Shape shape;
    private final DataType compute;

    ConvertedOnUse(ByteBuffer stored, SafetensorsDType dtype, long[] shape, DataType compute) {
        this.stored = stored.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.dtype = dtype;
        this.shape = new Shape(shape);
        this.compute = compute;
    }

    @Override
    public NDArray in(NDManager scope) {
        NDArray staged;
        if (dtype == SafetensorsDType.BF16) {
            staged = scope.create(shape, DataType.FLOAT32);
            dtype.widen(stored, 0, nativeMemory(staged), 0, Math.toIntExact(shape.size()));
        } else {
            staged = scope.create(stored.duplicate(), shape, dtype == SafetensorsDType.F16 ? DataType.FLOAT16
                    : DataType.FLOAT32);
        }
        return staged.toType(compute, false);
    }

    @Override
    public NDArray rows(long[] ids, Shape idShape, NDManager scope) {
        int width = Math.toIntExact(shape.get(1));
        long rows = shape.get(0);
        NDArray gathered = scope.create(new Shape(ids.length, width), DataType.FLOAT32);
        ByteBuffer target = nativeMemory(gathered);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= rows) {
                throw new IllegalArgumentException("token id " + ids[i] + " outside the table of " + rows + " rows");
            }
            dtype.widen(stored, ids[i] * width, target, (long) i * width, width);
        }
        long[] dims = Arrays.copyOf(idShape.getShape(), idShape.dimension() + 1);
        dims[dims.length - 1] = width;
        return gathered.reshape(new Shape(dims)).toType(compute, false);
    }

    /** The array's own memory, writable from Java (CPU arrays are contiguous when just created). */
    private static ByteBuffer nativeMemory(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }
}
