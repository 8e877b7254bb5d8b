package io.mossa.extractor.tensor.safetensors;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lies: its file and its byte range there (absolute file offsets, the header already
 * skipped). Shapes are long because single dimensions of large vocabularies times widths exceed int.
 */
public record SafetensorsTensor(String name, String dtypeName, SafetensorsDType dtype, long[] shape, Path file,
        long begin, long end) {

    /** Whether this reader can convert the tensor (extra buffers such as int64 position_ids cannot). */
    public boolean isFloat() {
        return dtype != null;
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return end - begin;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
