package io.mossa.extractor.tensor.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element types this reader converts to float32. Integer and float64 tensors do not occur in the
 * checkpoints served here, so they are refused by name rather than converted silently.
 */
public enum SafetensorsDType {

    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** @return null when the header names a type not listed here */
    static SafetensorsDType parse(String name) {
        for (SafetensorsDType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Converts {@code count} little-endian values starting at the buffer's position into {@code out}.
     * Java 17 has no {@code Float.float16ToFloat}, and creating a BF16 array on DJL's PyTorch engine
     * kills the JVM, so both conversions are done here.
     */
    public void toFloat(ByteBuffer source, float[] out, int count) {
        ByteBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F32 -> in.asFloatBuffer().get(out, 0, count);
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(in.getShort());
                }
            }
        }
    }

    /** IEEE 754 binary16 to binary32, exact for every value including subnormals, infinities and NaN. */
    public static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // subnormal (or zero): mantissa x 2^-24, exactly representable in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
