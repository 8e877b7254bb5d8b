package io.mossa.tensor.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes NPY version 1.0 files (little-endian, C order), readable by {@code numpy.load}. */
public final class NpyWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 16;

    private NpyWriter() {
    }

    public static void writeFloat32(OutputStream out, int[] shape, float[] data) throws IOException {
        checkShape(shape, data.length);
        writeHeader(out, NpyDType.FLOAT32, shape);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += CHUNK) {
            int to = Math.min(data.length, from + CHUNK);
            buffer.clear();
            buffer.asFloatBuffer().put(data, from, to - from);
            out.write(buffer.array(), 0, (to - from) * Float.BYTES);
        }
    }

    public static void writeFloat64(OutputStream out, int[] shape, double[] data) throws IOException {
        checkShape(shape, data.length);
        writeHeader(out, NpyDType.FLOAT64, shape);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += CHUNK) {
            int to = Math.min(data.length, from + CHUNK);
            buffer.clear();
            buffer.asDoubleBuffer().put(data, from, to - from);
            out.write(buffer.array(), 0, (to - from) * Double.BYTES);
        }
    }

    /** The header as numpy writes it: a Python dict literal padded with spaces so the data starts 64-aligned. */
    public static void writeHeader(OutputStream out, NpyDType dtype, int[] shape) throws IOException {
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + pythonTuple(shape) + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        if (headerBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("shape too long for an NPY 1.0 header");
        }
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(headerBytes.length & 0xFF);
        out.write((headerBytes.length >>> 8) & 0xFF);
        out.write(headerBytes);
    }

    private static String pythonTuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static void checkShape(int[] shape, int length) {
        if (Shapes.elementCount(shape) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length + " values");
        }
    }
}
