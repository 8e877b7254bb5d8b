package io.mossa.cka.extractor;

/**
 * The extractor could not deliver activations. {@link #transientFailure()} failures (connection refused or
 * reset, timeouts, 5xx, 429) are worth retrying; others (4xx, unreadable answers) are not.
 */
public class ExtractorException extends RuntimeException {

    private final boolean transientFailure;
    private final long retryAfterMillis;

    public ExtractorException(String message, boolean transientFailure, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfterMillis = retryAfterMillis;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The wait the extractor asked for with Retry-After, or -1. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
