package io.mossa.tensor.npy;

import java.nio.ByteOrder;

/** The NPY element types MOSSA reads and writes: IEEE floats, either byte order. */
public enum NpyDType {
    FLOAT32(4),
    FLOAT64(8);

    private final int size;

    NpyDType(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The NumPy {@code descr} string for this type in little-endian order, as MOSSA always writes. */
    public String descr() {
        return this == FLOAT32 ? "<f4" : "<f8";
    }

    static NpyDType parse(String descr, ByteOrder[] orderOut) {
        if (descr.length() != 3) {
            throw new NpyFormatException("unsupported dtype '" + descr + "': expected float32 (<f4) or float64 (<f8)");
        }
        char order = descr.charAt(0);
        switch (order) {
            case '<', '|' -> orderOut[0] = ByteOrder.LITTLE_ENDIAN;
            case '>' -> orderOut[0] = ByteOrder.BIG_ENDIAN;
            case '=' -> orderOut[0] = ByteOrder.nativeOrder();
            default -> throw new NpyFormatException("unsupported dtype '" + descr + "': unknown byte order");
        }
        return switch (descr.substring(1)) {
            case "f4" -> FLOAT32;
            case "f8" -> FLOAT64;
            default -> throw new NpyFormatException(
                    "unsupported dtype '" + descr + "': expected float32 (<f4) or float64 (<f8)");
        };
    }
}
