package io.mossa.contract;

/** What was asked for does not exist (or may not be seen by the caller): a domain exception, 404 at the edge. */
public class NotFound extends RuntimeException {

    public NotFound(String detail) {
        super(detail);
    }
}
