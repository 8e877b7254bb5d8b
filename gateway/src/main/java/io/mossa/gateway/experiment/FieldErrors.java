package io.mossa.gateway.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mossa.web.problem.ApiProblem;

/**
 * Collects the problems of a definition so that the client can fix them all in one go; past
 * {@value #MAX_REPORTED} the rest are counted, not listed, to keep the answer readable.
 */
final class FieldErrors {

    static final int MAX_REPORTED = 25;

    private final List<Map<String, String>> errors = new ArrayList<>();
    private int unreported;

    void add(String field, String message) {
        if (errors.size() < MAX_REPORTED) {
            errors.add(Map.of("field", field, "message", message));
        } else {
            unreported++;
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
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
