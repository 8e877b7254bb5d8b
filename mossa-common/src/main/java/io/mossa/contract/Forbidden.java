package io.mossa.contract;

/** The caller may see what it names but not change it: a domain exception, 403 at the edge. */
public class Forbidden extends RuntimeException {

    public Forbidden(String detail) {
        super(detail);
    }
}
