package io.mossa.extractor.model.onnx;

/** The bytes are not an ONNX encoder graph this service understands; the message says why. */
public class OnnxGraphException extends Exception {

    public OnnxGraphException(String message) {
        super(message);
    }

    public OnnxGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
