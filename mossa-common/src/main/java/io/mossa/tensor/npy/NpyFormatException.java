package io.mossa.tensor.npy;

/** The bytes are not an NPY file MOSSA can read; the message says what is wrong with them. */
public class NpyFormatException extends RuntimeException {

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
