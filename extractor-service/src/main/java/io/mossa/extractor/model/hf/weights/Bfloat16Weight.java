package io.mossa.extractor.model.hf.weights;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.extractor.model.hf.Attention;
import io.mossa.extractor.model.hf.HiddenActivation;
import io.mossa.extractor.model.hf.TransformerOps.Softmax;
import io.mossa.extractor.model.hf.bfloat16.Bfloat16Attention;
import io.mossa.extractor.model.hf.bfloat16.TorchBridge;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;
import io.mossa.extractor.tensor.safetensors.SafetensorsFile;
import io.mossa.extractor.tensor.safetensors.SafetensorsTensor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRef;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A weight of a model computed in bfloat16 on the CPU, held as a libtorch bfloat16 tensor: the memory-mapped
 * file itself when the checkpoint stores it in bfloat16 (no copy, no conversion at load), otherwise a bfloat16
 * copy rounded once at load (as {@code model.to(torch.bfloat16)} does). Matrix products run in bfloat16 on the
 * CPU's bfloat16 units: the float32 activation is rounded to bfloat16, multiplied with float32 accumulation,
 * the bias added and the result rounded to bfloat16, as {@code torch.nn.functional.linear} does in a bfloat16
 * model; the result is widened back to float32 into a DJL array, where the rest of the forward pass (norms,
 * softmax, rotary, residuals) runs in float32 on the same bfloat16-valued weights.
 */
final class Bfloat16Weight implements Weight, AutoCloseable {

    /** Keeps the mapping alive while the tensor views it; null for a copy. */
    private final MappedByteBuffer mapped;
    private final Tensor tensor;
    private final Shape shape;

    private Bfloat16Weight(MappedByteBuffer mapped, Tensor tensor, long[] shape) {
        this.mapped = mapped;
        this.tensor = tensor;
        this.shape = new Shape(shape);
    }

    /** Call only after {@link io.mossa.extractor.model.hf.bfloat16.Bfloat16Units#require()}. Mappings hold at most 2 GiB, so larger tensors are copied in windows. */
    static Bfloat16Weight load(SafetensorsTensor stored, long windowBytes) throws IOException {
        long[] shape = stored.shape();
        if (stored.dtype() == SafetensorsDType.BF16 && stored.byteSize() <= Integer.MAX_VALUE) {
            MappedByteBuffer mapped = SafetensorsFile.map(stored, 0, stored.elementCount());
            return new Bfloat16Weight(mapped, view(mapped, stored.dtype(), shape), shape);
        }
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowElements = rows == 0 ? 0 : stored.elementCount() / rows;
        long rowsPerWindow = Math.max(1, windowBytes / Math.max(1, rowElements * stored.dtype().bytes()));
        List<Tensor> views = new ArrayList<>();
        try (TensorVector parts = new TensorVector()) {
            for (long first = 0; first < rows; first += rowsPerWindow) {
                long count = Math.min(rowsPerWindow, rows - first);
                long[] partShape = shape.clone();
                if (partShape.length > 0) {
                    partShape[0] = count;
                }
                views.add(view(SafetensorsFile.map(stored, first * rowElements, count * rowElements), stored.dtype(),
                        partShape));
                parts.push_back(views.get(views.size() - 1));
            }
            // cat copies, also a single part: no view of a window outlives this method
            try (Tensor whole = torch.cat(new TensorArrayRef(parts), 0)) {
                return new Bfloat16Weight(null, whole.to(ScalarType.BFloat16), shape);
            }
        } finally {
            views.forEach(Tensor::close);
        }
    }

    private static Tensor view(MappedByteBuffer bytes, SafetensorsDType dtype, long[] shape) {
        ScalarType type = switch (dtype) {
            case F32 -> ScalarType.Float;
            case F16 -> ScalarType.Half;
            case BF16 -> ScalarType.BFloat16;
        };
        return torch.from_blob(new BytePointer(bytes), shape, new TensorOptions(type));
    }

    /** {@inheritDoc} The bfloat16 values widened to float32 (exact). */
    @Override
    public NDArray in(NDManager scope) {
        NDArray out = scope.create(shape, DataType.FLOAT32);
        try (PointerScope ignored = new PointerScope()) {
            TorchBridge.borrow(out).copy_(tensor);
        }
        return out;
    }

    @Override
    public NDArray rows(long[] ids, Shape idShape, NDManager scope) {
        long rows = shape.get(0);
        for (long id : ids) {
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("token id " + id + " outside the table of " + rows + " rows");
            }
        }
        long[] dims = Arrays.copyOf(idShape.getShape(), idShape.dimension() + 1);
        dims[dims.length - 1] = shape.get(1);
        NDArray out = scope.create(new Shape(dims), DataType.FLOAT32);
        try (NDArray index = scope.create(ids, idShape); PointerScope ignored = new PointerScope()) {
            TorchBridge.borrow(out).copy_(torch.embedding(tensor, TorchBridge.borrow(index)));
        }
        return out;
    }

    /** x W^T + b in bfloat16, see the class comment; {@code bias} must be a weight of the same model. */
    @Override
    public NDArray project(NDArray x, Weight bias, boolean storedInOut, HiddenActivation activation) {
        NDArray out = widthOut(x, this, storedInOut);
        try (PointerScope ignored = new PointerScope()) {
            Tensor product = linear(TorchBridge.borrow(x).to(ScalarType.BFloat16), bias, storedInOut);
            TorchBridge.borrow(out).copy_(activation == null ? product : activated(product, activation));
        }
        return out;
    }

    /** {@inheritDoc} In bfloat16 compute the attention is always {@link Bfloat16Attention}. */
    @Override
    public NDArray selfAttention(NDArray x, Weight bias, boolean storedInOut, Attention attention, int heads,
            NDArray mask, double scale, Softmax softmax) {
        long[] dims = x.getShape().getShape();
        long batch = dims[0];
        long tokens = dims[1];
        try (PointerScope ignored = new PointerScope()) {
            Tensor qkv = linear(TorchBridge.borrow(x).to(ScalarType.BFloat16), bias, storedInOut);
            long headDim = qkv.size(2) / 3 / heads;
            // [B, T, 3, H, hd] to three [B, H, T, hd] views
            Tensor split = qkv.view(batch, tokens, 3, heads, headDim).permute(2, 0, 3, 1, 4);
            return Bfloat16Attention.merged(x.getManager(), split.select(0, 0), split.select(0, 1),
                    split.select(0, 2), mask, scale, softmax);
        }
    }

    /** {@inheritDoc} The activation passes from one product to the next in bfloat16, never widened. */
    @Override
    public NDArray feedForward(NDArray x, Weight bias, boolean storedInOut, HiddenActivation activation, Weight down,
            Weight downBias) {
        Bfloat16Weight second = (Bfloat16Weight) down;
        NDArray out = widthOut(x, second, storedInOut);
        try (PointerScope ignored = new PointerScope()) {
            Tensor inner = activated(linear(TorchBridge.borrow(x).to(ScalarType.BFloat16), bias, storedInOut),
                    activation);
            TorchBridge.borrow(out).copy_(second.linear(inner, downBias, storedInOut));
        }
        return out;
    }

    /** {@inheritDoc} Everything between the bfloat16 input and the widened output stays in bfloat16. */
    @Override
    public NDArray gatedFeedForward(NDArray x, Weight bias, HiddenActivation activation, Weight up, Weight upBias,
            Weight down, Weight downBias) {
        Bfloat16Weight last = (Bfloat16Weight) down;
        NDArray out = widthOut(x, last, false);
        try (PointerScope ignored = new PointerScope()) {
            Tensor input = TorchBridge.borrow(x).to(ScalarType.BFloat16);
            Tensor gated = activated(linear(input, bias, false), activation)
                    .mul_(((Bfloat16Weight) up).linear(input, upBias, false));
            TorchBridge.borrow(out).copy_(last.linear(gated, downBias, false));
        }
        return out;
    }

    /** A float32 array for x's rows times {@code weight}'s output width, in x's manager. */
    private static NDArray widthOut(NDArray x, Bfloat16Weight weight, boolean storedInOut) {
        long[] dims = x.getShape().getShape().clone();
        dims[dims.length - 1] = storedInOut ? weight.shape.get(1) : weight.shape.get(0);
        return x.getManager().create(new Shape(dims), DataType.FLOAT32);
    }

    /** The bfloat16 product of a bfloat16 input, bias added, rounded to bfloat16. */
    private Tensor linear(Tensor input, Weight bias, boolean storedInOut) {
        Tensor matrix = storedInOut ? tensor.t() : tensor;
        return bias == null ? torch.linear(input, matrix)
                : torch.linear(input, matrix, new TensorOptional(((Bfloat16Weight) bias).tensor));
    }

    /** The activation in bfloat16, by libtorch's kernels (the functions HiddenActivation computes). */
    private static Tensor activated(Tensor x, HiddenActivation activation) {
        return switch (activation) {
            case GELU -> torch.gelu(x);
            case GELU_TANH -> torch.gelu(x, "tanh");
            case SILU -> torch.silu(x);
            case RELU -> torch.relu(x);
        };
    }

    @Override
    public void close() {
        tensor.close();
    }
}
