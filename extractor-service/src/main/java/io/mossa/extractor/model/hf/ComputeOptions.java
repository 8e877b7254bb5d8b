package io.mossa.extractor.model.hf;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/**
 * Where and in which precision a checkpoint runs; see CheckpointWeights for where the weights are held
 * and TransformerOps for the operations each architecture keeps in float32 in a half-precision model.
 * bfloat16 runs on the CPU only, its matrix products on the CPU's bfloat16 units and the rest in float32
 * (see io.mossa.extractor.model.hf.bfloat16): DJL's arrays stay float32 there.
 */
public record ComputeOptions(Device device, DataType dtype) {

    public static ComputeOptions cpuFloat32() {
        return new ComputeOptions(Device.cpu(), DataType.FLOAT32);
    }

    /** float32, float16 or bfloat16; null for other names. */
    public static DataType parseDtype(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "fp32" -> DataType.FLOAT32;
            case "float16", "fp16", "half" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> DataType.BFLOAT16;
            default -> null;
        };
    }

    public static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            default -> "float32";
        };
    }

    /** Whether a tensor stored in {@code stored} is already in the compute dtype. */
    public boolean runsAsStored(SafetensorsDType stored) {
        return switch (stored) {
            case F32 -> dtype == DataType.FLOAT32;
            case F16 -> dtype == DataType.FLOAT16;
            case BF16 -> dtype == DataType.BFLOAT16;
        };
    }

    public int bytesPerValue() {
        return dtype.getNumOfBytes();
    }
}
