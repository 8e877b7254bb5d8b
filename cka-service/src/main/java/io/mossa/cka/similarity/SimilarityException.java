package io.mossa.cka.similarity;

/** A comparison that cannot be computed as asked; {@link #field()} names the input or parameter at fault. */
public class SimilarityException extends IllegalArgumentException {

    private final String field;

    public SimilarityException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
