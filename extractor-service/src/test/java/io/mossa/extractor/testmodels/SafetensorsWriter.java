package io.mossa.extractor.testmodels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes safetensors files the way the Python library does (u64 LE header length, JSON header padded
 * with spaces to a multiple of 8, raw little-endian data), independently of the service's reader.
 */
public final class SafetensorsWriter {

    /** One tensor to write; {@code values} are float (F32/F16/BF16) or long (I64) data. */
    public record Entry(String name, String dtype, long[] shape, Object values) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SafetensorsWriter() {
    }

    public static void write(Path file, List<Entry> entries) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        List<byte[]> data = new java.util.ArrayList<>();
        long offset = 0;
        for (Entry e : entries) {
            byte[] bytes = encode(e);
            header.put(e.name(), Map.of("dtype", e.dtype(), "shape", e.shape(),
                    "data_offsets", new long[] {offset, offset + bytes.length}));
            data.add(bytes);
            offset += bytes.length;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (byte[] bytes : data) {
                out.write(bytes);
            }
        }
    }

    private static byte[] encode(Entry e) {
        if (e.values() instanceof long[] longs) {
            ByteBuffer b = ByteBuffer.allocate(longs.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : longs) {
                b.putLong(v);
            }
            return b.array();
        }
        float[] values = (float[]) e.values();
        return switch (e.dtype()) {
            case "F32" -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    b.putFloat(v);
                }
                yield b.array();
            }
            case "F16", "BF16" -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    b.putShort(e.dtype().equals("F16") ? toHalf(v) : toBfloat16(v));
                }
                yield b.array();
            }
            default -> throw new IllegalArgumentException(e.dtype());
        };
    }

    /** Round-to-nearest-even float32 to bfloat16 (finite values). */
    public static short toBfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** float32 to IEEE binary16 for values in the normal half range, rounding to nearest even. */
    public static short toHalf(float v) {
        int bits = Float.floatToRawIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        if (v == 0) {
            return (short) sign;
        }
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        if (exponent <= 0 || exponent >= 31) {
            throw new IllegalArgumentException(v + " is outside the normal float16 range");
        }
        int mantissa = bits & 0x7fffff;
        int half = (exponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }
}
