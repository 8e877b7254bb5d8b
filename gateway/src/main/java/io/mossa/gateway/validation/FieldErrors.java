package io.mossa.gateway.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mossa.web.problem.ApiProblem;

/**
 * The problems of a request (an experiment definition, a task set, an upload), collected so that the client can
 * fix them all in one go and answered as one problem+json {@code errors} list of {field, message}. Past
 * {@value #MAX_REPORTED} the rest are counted, not listed, so that a file with a systematic mistake still gets a
 * readable answer.
 */
public final class FieldErrors {

    public static final int MAX_REPORTED = 25;

    private final List<Map<String, String>> errors = new ArrayList<>();
    private int unreported;

    public void add(String field, String message) {
        if (errors.size() < MAX_REPORTED) {
            errors.add(Map.of("field", field, "message", message));
        } else {
            unreported++;
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Map<String, String>> list() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder detail = new StringBuilder();
        for (Map<String, String> error : errors) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(error.get("field")).append(": ").append(error.get("message"));
        }
        if (unreported > 0) {
            detail.append("; and ").append(unreported).append(" more problems of the same kinds");
        }
        throw ApiProblem.badRequest(detail.toString()).with("errors", List.copyOf(errors));
    }
}
