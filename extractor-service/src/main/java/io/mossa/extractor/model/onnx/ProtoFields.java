package io.mossa.extractor.model.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * Walks the top-level fields of one protobuf message inside a byte array without copying payloads.
 * ONNX models carry hundreds of megabytes of weights in length-delimited fields; reading only the
 * offsets lets the graph be inspected and edited without generated ONNX classes or extra copies.
 */
final class ProtoFields {

    /** Receives each field; for length-delimited fields {@code offset}/{@code length} locate the payload. */
    interface Visitor {
        void field(int number, int wireType, long varint, int offset, int length) throws IOException;
    }

    private ProtoFields() {
    }

    static void scan(byte[] bytes, int offset, int length, Visitor visitor) throws IOException {
        scan(bytes, offset, length, visitor, null);
    }

    /** As {@link #scan(byte[], int, int, Visitor)}, also reporting where each field's tag starts. */
    static void scan(byte[] bytes, int offset, int length, Visitor visitor, int[] tagStart) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        in.setSizeLimit(Integer.MAX_VALUE);
        while (true) {
            if (tagStart != null) {
                tagStart[0] = offset + in.getTotalBytesRead();
            }
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            switch (wireType) {
                case WireFormat.WIRETYPE_VARINT -> visitor.field(number, wireType, in.readRawVarint64(), -1, 0);
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int size = in.readRawVarint32();
                    int start = offset + in.getTotalBytesRead();
                    if (size < 0 || start + size > offset + length) {
                        throw new IOException("truncated protobuf field " + number);
                    }
                    visitor.field(number, wireType, 0, start, size);
                    in.skipRawBytes(size);
                }
                default -> {
                    visitor.field(number, wireType, 0, -1, 0);
                    if (!in.skipField(tag)) {
                        return;
                    }
                }
            }
        }
    }

    static String string(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** Reads packed varints (ONNX writes {@code dims} packed, older exporters unpacked). */
    static void packedVarints(byte[] bytes, int offset, int length, java.util.function.LongConsumer sink)
            throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        while (!in.isAtEnd()) {
            sink.accept(in.readRawVarint64());
        }
    }
}
