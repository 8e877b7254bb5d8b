package io.mossa.extractor.model.hf;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * Where and in which precision a checkpoint runs. Weights are converted to {@code dtype} once at load;
 * softmax and RMSNorm statistics run in float32 whatever the dtype, as transformers does.
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

    public int bytesPerValue() {
        return dtype.getNumOfBytes();
    }
}
