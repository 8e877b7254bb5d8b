package io.mossa.tensor.npy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NPY files (versions 1.0, 2.0 and 3.0) of float32 or float64 in C order.
 * Everything about the file is validated before the data is allocated, so a hostile header cannot
 * make the reader allocate more than {@code maxElements} values.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 16;

    private final long maxElements;

    public NpyReader(long maxElements) {
        this.maxElements = maxElements;
    }

    /** Reads a float32 or float64 array into float64 values. */
    public NpyArray read(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        try {
            Header header = readHeader(in);
            double[] data = new double[(int) header.count()];
            byte[] chunk = new byte[CHUNK * header.dtype().size()];
            ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.order());
            for (int from = 0; from < data.length; from += CHUNK) {
                int n = Math.min(CHUNK, data.length - from);
                in.readFully(chunk, 0, n * header.dtype().size());
                buffer.clear();
                if (header.dtype() == NpyDType.FLOAT32) {
                    for (int i = 0; i < n; i++) {
                        data[from + i] = buffer.getFloat();
                    }
                } else {
                    buffer.asDoubleBuffer().get(data, from, n);
                }
            }
            return new NpyArray(header.dtype(), header.shape(), data);
        } catch (EOFException e) {
            throw new NpyFormatException("NPY file is truncated", e);
        }
    }

    /**
     * Reads a float32 array as float32 values, without the float64 copy of {@link #read}; a float64 file is refused
     * rather than narrowed.
     */
    public NpyFloatArray readFloat32(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        try {
            Header header = readHeader(in);
            if (header.dtype() != NpyDType.FLOAT32) {
                throw new NpyFormatException("expected a float32 array, got " + header.dtype().name().toLowerCase());
            }
            float[] data = new float[(int) header.count()];
            byte[] chunk = new byte[CHUNK * Float.BYTES];
            ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.order());
            for (int from = 0; from < data.length; from += CHUNK) {
                int n = Math.min(CHUNK, data.length - from);
                in.readFully(chunk, 0, n * Float.BYTES);
                buffer.clear();
                buffer.asFloatBuffer().get(data, from, n);
            }
            return new NpyFloatArray(header.shape(), data);
        } catch (EOFException e) {
            throw new NpyFormatException("NPY file is truncated", e);
        }
    }

    private record Header(NpyDType dtype, ByteOrder order, int[] shape, long count) {
    }

    private Header readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new NpyFormatException("not an NPY file: missing the \\x93NUMPY magic string");
            }
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength = switch (major) {
            case 1 -> Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            case 2, 3 -> Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            default -> throw new NpyFormatException("unsupported NPY format version " + major);
        };
        if (headerLength > 1 << 20) {
            throw new NpyFormatException("NPY header of " + headerLength + " bytes is too long");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(header);
    }

    private Header parseHeader(String header) {
        ByteOrder[] order = new ByteOrder[1];
        NpyDType dtype = NpyDType.parse(field(DESCR, header, "descr"), order);
        if (field(FORTRAN, header, "fortran_order").equals("True")) {
            throw new NpyFormatException("fortran_order=True is not supported: save the array in C order");
        }
        int[] shape = parseShape(field(SHAPE, header, "shape"));
        long count;
        try {
            count = Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            throw new NpyFormatException("NPY shape " + java.util.Arrays.toString(shape) + " holds more values than "
                    + "a 64-bit count can hold; the limit is " + maxElements);
        }
        if (count > maxElements) {
            throw new NpyFormatException("array of " + count + " values exceeds the limit of " + maxElements);
        }
        return new Header(dtype, order[0], shape, count);
    }

    private static String field(Pattern pattern, String header, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException("NPY header has no valid '" + name + "' entry");
        }
        return m.group(1);
    }

    private static int[] parseShape(String tuple) {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String dim = part.strip();
            if (dim.endsWith("L")) {
                dim = dim.substring(0, dim.length() - 1);
            }
            if (dim.isEmpty()) {
                continue;
            }
            try {
                int value = Integer.parseInt(dim);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                dims.add(value);
            } catch (NumberFormatException e) {
                throw new NpyFormatException("NPY shape has an invalid dimension '" + dim + "'");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
