package io.mossa.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems of a definition (or a task set, an upload), collected so that the client can fix them all in one
 * go. Past {@value #MAX_REPORTED} the rest are counted, not listed, so that a file with a systematic mistake still
 * gets a readable answer. {@link #throwIfAny()} raises them as one {@link ContractViolation}.
 */
public final class Violations {

    public static final int MAX_REPORTED = 25;

    private final List<ContractViolation.FieldError> errors = new ArrayList<>();
    private int unreported;

    public void add(String field, String message) {
        if (errors.size() < MAX_REPORTED) {
            errors.add(new ContractViolation.FieldError(field, message));
        } else {
            unreported++;
        }
    }

    /** Whether a problem of {@code field} was reported already (a name outside the vocabulary, say). */
    public boolean has(String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<ContractViolation.FieldError> list() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ContractViolation(errors, unreported);
        }
    }
}
