package io.mossa.web.problem;

import java.io.IOException;

/** The request body passed the configured size limit while it was being read. */
public class PayloadTooLargeException extends IOException {

    private final long limitBytes;
    private final String property;

    /**
     * @param limitBytes the limit
     * @param property   the configuration property that sets it
     */
    public PayloadTooLargeException(long limitBytes, String property) {
        super(describe(-1, limitBytes, property));
        this.limitBytes = limitBytes;
        this.property = property;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public String property() {
        return property;
    }

    /** The 413 detail: what passed which limit and the property that raises it; {@code bytes} < 0 when unknown. */
    static String describe(long bytes, long limitBytes, String property) {
        return "request body " + (bytes >= 0 ? "of " + bytes + " bytes " : "") + "exceeds the limit of " + limitBytes
                + " bytes (" + property + ")";
    }
}
