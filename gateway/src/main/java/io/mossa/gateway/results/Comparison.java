package io.mossa.gateway.results;

import java.util.Arrays;
import java.util.Locale;

import io.mossa.web.problem.ApiProblem;

/** Which similarity a view or plot shows: E vs C_t, B vs C_t, or their difference per task and layer. */
public enum Comparison {
    EXPERIMENTAL, BASELINE, DIFFERENCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a query parameter; the problem names the parameter and the accepted values. */
    public static Comparison parse(String parameter, String value, boolean allowDifference) {
        for (Comparison c : values()) {
            if (c.wireName().equals(value) && (allowDifference || c != DIFFERENCE)) {
                return c;
            }
        }
        Object[] accepted = Arrays.stream(values()).filter(c -> allowDifference || c != DIFFERENCE)
                .map(Comparison::wireName).toArray();
        throw ApiProblem.badRequest(parameter + ": must be one of " + Arrays.toString(accepted) + ", was '" + value + "'");
    }
}
