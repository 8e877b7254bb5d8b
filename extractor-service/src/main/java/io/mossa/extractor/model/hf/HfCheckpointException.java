package io.mossa.extractor.model.hf;

/** A checkpoint directory that cannot be served; the message names the file or field and what is wrong. */
public class HfCheckpointException extends Exception {

    public HfCheckpointException(String message) {
        super(message);
    }
}
