package io.mossa.extractor.tensor.safetensors;

/** A safetensors file or index that cannot be read as one; the message names the file and what is wrong. */
public class SafetensorsException extends Exception {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
