package io.mossa.extractor.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.tensor.safetensors.SafetensorsCheckpoint;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;
import io.mossa.extractor.tensor.safetensors.SafetensorsException;
import io.mossa.extractor.tensor.safetensors.SafetensorsTensor;

/**
 * A HuggingFace checkpoint directory checked without loading it: config.json parsed, every tensor the
 * architecture needs found (under whichever prefix the checkpoint uses) with a float dtype and the shape
 * config.json implies, byte ranges inside their files. A directory that passes can be loaded; one that
 * does not is listed as unusable with the first problem found.
 */
public final class HfCheckpoint {

    private final Path dir;
    private final ArchitectureSpec spec;
    private final TensorNames names;
    private final String storedDtype;
    private final long parameterCount;
    private final Map<SafetensorsDType, Long> bytesByDtype;

    private HfCheckpoint(Path dir, ArchitectureSpec spec, TensorNames names, String storedDtype, long parameterCount,
            Map<SafetensorsDType, Long> bytesByDtype) {
        this.dir = dir;
        this.spec = spec;
        this.names = names;
        this.storedDtype = storedDtype;
        this.parameterCount = parameterCount;
        this.bytesByDtype = Map.copyOf(bytesByDtype);
    }

    /** Whether the directory is meant as a HuggingFace checkpoint (rather than an ONNX model). */
    public static boolean looksLikeCheckpoint(Path dir) {
        return !Files.exists(dir.resolve("model.onnx")) && (Files.exists(dir.resolve(HfConfig.FILE))
                || Files.exists(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE))
                || Files.exists(dir.resolve(SafetensorsCheckpoint.INDEX_FILE)));
    }

    public static HfCheckpoint inspect(Path dir) throws IOException, HfCheckpointException, SafetensorsException {
        ArchitectureSpec spec = HfArchitectures.spec(HfConfig.read(dir.resolve(HfConfig.FILE)));
        SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir);
        TensorNames names = TensorNames.detect(checkpoint.tensors(), spec.prefixes(), spec.anchor());
        Map<SafetensorsDType, Long> bytesByDtype = new EnumMap<>(SafetensorsDType.class);
        long parameters = 0;
        for (TensorSpec wanted : spec.tensors()) {
            SafetensorsTensor tensor = names.find(wanted.name());
            if (tensor == null) {
                throw new HfCheckpointException("tensor '" + names.stored(wanted.name()) + "' is missing from the "
                        + "checkpoint (needed by " + spec.architecture() + " with this config.json)");
            }
            if (!tensor.isFloat()) {
                throw new HfCheckpointException("tensor '" + tensor.name() + "' has dtype " + tensor.dtypeName()
                        + "; F32, F16 or BF16 is required");
            }
            if (!Arrays.equals(tensor.shape(), wanted.shape())) {
                throw new HfCheckpointException("tensor '" + tensor.name() + "' has shape " + tensor.shapeText()
                        + ", but config.json implies " + Arrays.toString(wanted.shape()));
            }
            bytesByDtype.merge(tensor.dtype(), tensor.byteSize(), Long::sum);
            parameters += tensor.elementCount();
        }
        String dtype = bytesByDtype.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .map(HfCheckpoint::dtypeName).orElse("float32");
        return new HfCheckpoint(dir, spec, names, dtype, parameters, bytesByDtype);
    }

    private static String dtypeName(SafetensorsDType stored) {
        return switch (stored) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case F32 -> "float32";
        };
    }

    /**
     * Memory the loaded model holds, as {@link io.mossa.extractor.model.hf.weights.CheckpointWeights}
     * places it: on a GPU every weight in the compute dtype; on the CPU the mapped file (page cache, in the
     * process's RSS once read) plus, when some tensor is stored in another dtype than the compute dtype, one
     * layer's worth converted (parameters / layers, an over-estimate that includes the embeddings' share).
     * In bfloat16 compute (CPU), tensors stored in bfloat16 are the mapped file and the others a bfloat16 copy.
     */
    public long memoryBytes(ComputeOptions compute) {
        int bytes = compute.bytesPerValue();
        if (compute.device().isGpu()) {
            return parameterCount * bytes;
        }
        if (compute.dtype() == DataType.BFLOAT16) {
            return bytesByDtype.entrySet().stream()
                    .mapToLong(e -> e.getValue() / e.getKey().bytes() * bytes).sum();
        }
        long mapped = bytesByDtype.values().stream().mapToLong(Long::longValue).sum();
        boolean converted = !bytesByDtype.keySet().stream().allMatch(compute::runsAsStored);
        return converted ? mapped + parameterCount / Math.max(1, spec.numLayers()) * bytes : mapped;
    }

    public Path dir() {
        return dir;
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    public TensorNames names() {
        return names;
    }

    /** The dtype holding most of the checkpoint's bytes, as a torch dtype name. */
    public String storedDtype() {
        return storedDtype;
    }

    /** Elements of every tensor the forward pass reads (lm_head and buffers excluded). */
    public long parameterCount() {
        return parameterCount;
    }
}
