package io.mossa.gateway.results;

import java.util.Arrays;
import java.util.List;

import io.mossa.web.problem.ApiProblem;

/** Which tasks a roles view reads: trained ones (E saw them in training), held-out ones, or all. */
public enum TaskSelection {
    TRAINED("trained"), HELD_OUT("held-out"), ALL("all");

    private final String wireName;

    TaskSelection(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public List<String> of(ResultsIndex index, List<String> tasks) {
        return switch (this) {
            case TRAINED -> index.withHeldOut(tasks, false);
            case HELD_OUT -> index.withHeldOut(tasks, true);
            case ALL -> tasks;
        };
    }

    public static TaskSelection parse(String parameter, String value) {
        for (TaskSelection s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw ApiProblem.badRequest(parameter + ": must be one of "
                + Arrays.toString(Arrays.stream(values()).map(TaskSelection::wireName).toArray()) + ", was '" + value
                + "'");
    }
}
