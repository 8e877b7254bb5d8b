package io.mossa.web.problem;

import java.io.IOException;

/** The request body passed the configured size limit while it was being read. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes");
    }
}
