package io.mossa.extractor.tensor.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.stream.IntStream;

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

    /**
     * Converts {@code count} values from element {@code from} of {@code source} (little-endian, as stored)
     * to float32 at element {@code to} of {@code target} (native order). Large runs are split over the
     * cores: widening a 7B model's bfloat16 layer by layer is memory-bound Java work on every forward pass.
     */
    public void widen(ByteBuffer source, long from, ByteBuffer target, long to, int count) {
        int chunk = 1 << 20;
        if (count <= chunk) {
            widenRun(source, Math.toIntExact(from), target, Math.toIntExact(to), count);
            return;
        }
        IntStream.range(0, (count + chunk - 1) / chunk).parallel().forEach(c -> {
            int offset = c * chunk;
            widenRun(source, Math.toIntExact(from + offset), target, Math.toIntExact(to + offset),
                    Math.min(chunk, count - offset));
        });
    }

    private void widenRun(ByteBuffer source, int from, ByteBuffer target, int to, int count) {
        IntBuffer out = target.duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
        switch (this) {
            case F32 -> {
                IntBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                out.put(to, in, from, count);
            }
            case BF16 -> {
                ShortBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(to + i, (in.get(from + i) & 0xffff) << 16);
                }
            }
            case F16 -> {
                ShortBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(to + i, Float.floatToRawIntBits(halfToFloat(in.get(from + i))));
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
