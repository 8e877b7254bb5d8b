package io.mossa.extractor.model.hf.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.TensorNames;
import io.mossa.extractor.model.hf.bfloat16.Bfloat16Attention;
import io.mossa.extractor.model.hf.bfloat16.Bfloat16Units;
import io.mossa.extractor.tensor.safetensors.SafetensorsFile;
import io.mossa.extractor.tensor.safetensors.SafetensorsTensor;

/**
 * Loads a checkpoint's tensors where the forward pass will find them, never through the Java heap:
 * <ul>
 * <li>on the CPU, a tensor stored in the compute dtype is the memory-mapped file itself (DJL wraps a
 * direct buffer without copying), so float32 checkpoints cost no copy and no load-time conversion;</li>
 * <li>on the CPU, a tensor stored in another dtype (a bfloat16 or float16 checkpoint run in float32) stays
 * mapped as stored and is converted each time a forward pass reaches its layer ({@link ConvertedOnUse}), so
 * a 7B half-precision model needs its file's size plus one layer, not twice the file;</li>
 * <li>in bfloat16 compute (CPU only), every tensor is a libtorch bfloat16 tensor for the CPU's bfloat16 units
 * ({@link Bfloat16Weight}): the mapped file itself when stored in bfloat16, a copy rounded once otherwise;</li>
 * <li>on a GPU, every tensor is copied to the device in the compute dtype, in windows of at most
 * {@link #WINDOW_BYTES} (the same path serves a tensor too large for one mapping, over 2 GiB).</li>
 * </ul>
 * Mapped tensors are read once at load (see {@link #readAhead}), so loading costs the disk read and the
 * first forward pass does not. Their pages belong to the page cache: under memory pressure the
 * kernel drops and re-reads them instead of failing.
 */
public final class CheckpointWeights implements WeightSource {

    static final long WINDOW_BYTES = 256L << 20;
    private static final int READ_AHEAD_BYTES = 16 << 20;

    private final TensorNames names;
    private final NDManager target;
    private final ComputeOptions compute;
    /** Read-ahead buffer, reused across tensors (loading a model is single-threaded). */
    private ByteBuffer scratch;

    /** @param target the model's manager; every resident weight is attached to it */
    public CheckpointWeights(TensorNames names, NDManager target, ComputeOptions compute) {
        if (compute.dtype() == DataType.BFLOAT16) {
            Bfloat16Units.require();
        }
        this.names = names;
        this.target = target;
        this.compute = compute;
    }

    @Override
    public Weight get(String name, long... shape) throws IOException, HfCheckpointException {
        SafetensorsTensor tensor = names.find(name);
        if (tensor == null) {
            throw new HfCheckpointException("tensor '" + names.stored(name) + "' is missing");
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new HfCheckpointException("tensor '" + tensor.name() + "' has shape " + tensor.shapeText()
                    + ", config.json implies " + Arrays.toString(shape));
        }
        if (compute.dtype() == DataType.BFLOAT16) {
            readAhead(tensor);
            Bfloat16Weight weight = Bfloat16Weight.load(tensor, WINDOW_BYTES);
            target.attachInternal(java.util.UUID.randomUUID().toString(), weight); // closed with the model
            return weight;
        }
        if (compute.device().isGpu() || tensor.byteSize() > Integer.MAX_VALUE) {
            return new ResidentWeight(copy(tensor));
        }
        readAhead(tensor);
        MappedByteBuffer mapped = SafetensorsFile.map(tensor, 0, tensor.elementCount());
        if (compute.runsAsStored(tensor.dtype())) {
            NDArray array = target.create(mapped, new Shape(shape), compute.dtype());
            return new ResidentWeight(array);
        }
        return new ConvertedOnUse(mapped, tensor.dtype(), shape, compute.dtype());
    }

    /** In bfloat16 compute the attention products run on the bfloat16 units too, as the linear layers' do. */
    @Override
    public Attention attention() {
        return compute.dtype() == DataType.BFLOAT16 ? Bfloat16Attention.INSTANCE : Attention.IN_ARRAY_DTYPE;
    }

    /**
     * Reads the tensor's bytes once with large sequential reads, which fill the page cache at the disk's rate;
     * touching a mapping page by page instead ({@link MappedByteBuffer#load()}) measured 4-5 times slower.
     */
    private void readAhead(SafetensorsTensor tensor) throws IOException {
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(READ_AHEAD_BYTES);
        }
        try (FileChannel channel = FileChannel.open(tensor.file(), StandardOpenOption.READ)) {
            for (long at = tensor.begin(); at < tensor.end(); ) {
                scratch.clear().limit((int) Math.min(READ_AHEAD_BYTES, tensor.end() - at));
                int read = channel.read(scratch, at);
                if (read < 0) {
                    throw new IOException(tensor.file().getFileName() + " ends inside tensor " + tensor.name());
                }
                at += read;
            }
        }
    }

    /** A copy in the compute dtype on the compute device, staged in float32 (float16) windows on the CPU. */
    private NDArray copy(SafetensorsTensor tensor) throws IOException {
        long[] shape = tensor.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowElements = rows == 0 ? 0 : tensor.elementCount() / rows;
        long rowsPerWindow = Math.max(1, WINDOW_BYTES / Math.max(1, rowElements * 4));
        DataType staged = compute.dtype() == DataType.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32;
        try (NDManager staging = NDManager.newBaseManager(Device.cpu(), target.getEngine().getEngineName())) {
            List<NDArray> parts = new ArrayList<>();
            for (long first = 0; first < rows; first += rowsPerWindow) {
                long count = Math.min(rowsPerWindow, rows - first);
                long[] partShape = shape.clone();
                if (partShape.length > 0) {
                    partShape[0] = count;
                }
                int elements = Math.toIntExact(count * rowElements);
                NDArray part = staging.create(new Shape(partShape), DataType.FLOAT32);
                ByteBuffer memory = part.toByteBuffer(true).order(ByteOrder.nativeOrder());
                tensor.dtype().widen(SafetensorsFile.map(tensor, first * rowElements, elements), 0, memory, 0, elements);
                parts.add(part.toType(staged, false));
            }
            NDArray whole = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            NDArray placed = compute.device().equals(Device.cpu()) ? whole : whole.toDevice(compute.device(), false);
            NDArray typed = placed.toType(compute.dtype(), false);
            typed.attach(target);
            return typed;
        }
    }
}
