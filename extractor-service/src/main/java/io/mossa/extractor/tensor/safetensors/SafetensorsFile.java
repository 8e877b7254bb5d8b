package io.mossa.extractor.tensor.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the header of one safetensors file: an unsigned 64-bit little-endian header length, that many
 * bytes of JSON ({@code name -> {dtype, shape, data_offsets}}, plus optional {@code __metadata__}), then
 * the raw data. Only the header is read here; tensor data is memory-mapped when it is loaded, so a
 * checkpoint never has to fit in the Java heap. Every tensor's byte range is checked against its shape
 * and the file size up front, which is how a truncated download is caught before any forward pass.
 */
public final class SafetensorsFile {

    /** The format's own limit on the header (safetensors refuses larger ones too). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SafetensorsFile() {
    }

    public static Map<String, SafetensorsTensor> readHeader(Path file) throws IOException, SafetensorsException {
        String fileName = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(fileName + ": " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new SafetensorsException(fileName + ": header length " + Long.toUnsignedString(headerLength)
                        + " does not fit the file of " + size + " bytes (not safetensors, or truncated)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            return parse(file, new String(header.array(), StandardCharsets.UTF_8), dataStart, size - dataStart);
        }
    }

    /**
     * Maps {@code count} elements of a tensor starting at element {@code first}. The mapping stays valid
     * after the channel is closed; at most 2 GiB can be mapped at once, callers stay below that.
     */
    public static MappedByteBuffer map(SafetensorsTensor tensor, long first, long count) throws IOException {
        long elementBytes = tensor.dtype().bytes();
        long offset = tensor.begin() + first * elementBytes;
        long length = count * elementBytes;
        if (first < 0 || offset + length > tensor.end()) {
            throw new IllegalArgumentException("elements " + first + "+" + count + " outside tensor " + tensor.name());
        }
        try (FileChannel channel = FileChannel.open(tensor.file(), StandardOpenOption.READ)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        }
    }

    private static Map<String, SafetensorsTensor> parse(Path file, String headerText, long dataStart, long dataSize)
            throws SafetensorsException {
        String fileName = file.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(headerText);
        } catch (JacksonException e) {
            throw new SafetensorsException(fileName + ": the header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(fileName + ": the header is not a JSON object");
        }
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            tensors.put(name, tensor(file, name, entry.getValue(), dataStart, dataSize));
        }
        return tensors;
    }

    private static SafetensorsTensor tensor(Path file, String name, JsonNode node, long dataStart, long dataSize)
            throws SafetensorsException {
        String where = file.getFileName() + ": tensor '" + name + "'";
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isString() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsException(where + " lacks dtype, shape or data_offsets [begin, end]");
        }
        long[] dims = new long[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw new SafetensorsException(where + " has an invalid shape " + shape);
            }
            dims[i] = d.asLong();
            elements = Math.multiplyExact(elements, dims[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new SafetensorsException(where + " has invalid data_offsets " + offsets);
        }
        if (end > dataSize) {
            throw new SafetensorsException(where + " ends at data byte " + end + " but the file holds only "
                    + dataSize + " data bytes (truncated file?)");
        }
        SafetensorsDType type = SafetensorsDType.parse(dtype.asString());
        if (type != null && end - begin != elements * type.bytes()) {
            throw new SafetensorsException(where + " has " + (end - begin) + " bytes, but shape " + shape + " of "
                    + type + " needs " + elements * type.bytes());
        }
        return new SafetensorsTensor(name, dtype.asString(), type, dims, file, dataStart + begin, dataStart + end);
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }
}
