package io.mossa.contract;

import java.util.List;

/**
 * A definition that breaks the contract: every field at fault with what is wrong with it. A domain exception,
 * free of HTTP; each service's web edge answers it as a 400 problem+json with an {@code errors} list.
 */
public class ContractViolation extends RuntimeException {

    /** One field at fault, named by its path in the request ({@code tasks[0].prompts}). */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public ContractViolation(List<FieldError> errors, int unreported) {
        super(describe(errors, unreported));
        this.errors = List.copyOf(errors);
    }

    public ContractViolation(String field, String message) {
        this(List.of(new FieldError(field, message)), 0);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors, int unreported) {
        StringBuilder detail = new StringBuilder();
        for (FieldError error : errors) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(error.field()).append(": ").append(error.message());
        }
        if (unreported > 0) {
            detail.append("; and ").append(unreported).append(" more problems of the same kinds");
        }
        return detail.toString();
    }
}
