package io.mossa.cka.cache;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mossa.tensor.npy.NpyDType;
import io.mossa.tensor.npy.NpyWriter;

/**
 * One layer's activations on disk: a float32 NPY file of shape [n, dim], written row chunk by row chunk as the
 * extractor answers and read back memory-mapped. So a unit's activations live in files (and the page cache), not on
 * the Java heap: the heap holds one chunk while they arrive, whatever n and the number of layers.
 */
final class LayerFile {

    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), \\}\\s*");

    private LayerFile() {
    }

    /** A layer mapped from its file: {@code values} holds n x dim floats, row-major. */
    record Mapped(int n, int dim, FloatBuffer values) {
    }

    /** Writes one layer's rows as they arrive; {@link #finish} checks that exactly n rows came. */
    static final class Writer implements AutoCloseable {

        private final Path file;
        private final int n;
        private final int dim;
        private final OutputStream out;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long rows;

        Writer(Path file, int n, int dim) throws IOException {
            this.file = file;
            this.n = n;
            this.dim = dim;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            NpyWriter.writeHeader(out, NpyDType.FLOAT32, new int[] {n, dim});
        }

        Path file() {
            return file;
        }

        /** Appends {@code count} rows from {@code data} starting at {@code offset} (count x dim values). */
        void append(float[] data, int offset, int count) throws IOException {
            int end = offset + count * dim;
            for (int i = offset; i < end; i++) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                buffer.putFloat(data[i]);
            }
            rows += count;
        }

        void finish() throws IOException {
            if (rows != n) {
                throw new IOException(file + ": " + rows + " rows written, " + n + " expected");
            }
            flush();
            out.close();
        }

        private void flush() throws IOException {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Maps a layer file, checking that it is a whole float32 [n, dim] NPY; throws IOException for anything else.
     * The mapping stays valid after the file is deleted (or evicted from the cache) on the platforms MOSSA runs on.
     */
    static Mapped map(Path file, int n) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer start = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, start, 0);
            if (start.get(0) != (byte) 0x93 || start.get(1) != 'N' || start.get(6) != 1) {
                throw new IOException("not an NPY 1.0 file");
            }
            int headerLength = Short.toUnsignedInt(start.getShort(8));
            ByteBuffer header = ByteBuffer.allocate(headerLength);
            readFully(channel, header, 10);
            Matcher m = HEADER.matcher(new String(header.array(), StandardCharsets.US_ASCII));
            if (!m.matches()) {
                throw new IOException("not a float32 [n, dim] NPY");
            }
            int rows = Integer.parseInt(m.group(1));
            int dim = Integer.parseInt(m.group(2));
            long data = 10L + headerLength;
            long bytes = 4L * rows * dim;
            if (rows != n || dim < 1 || channel.size() != data + bytes) {
                throw new IOException("shape [" + rows + ", " + dim + "] and " + channel.size() + " bytes, expected ["
                        + n + ", dim] and " + (data + bytes) + " bytes");
            }
            FloatBuffer values = channel.map(FileChannel.MapMode.READ_ONLY, data, bytes)
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            return new Mapped(rows, dim, values);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new IOException("truncated");
            }
            at += read;
        }
    }
}
