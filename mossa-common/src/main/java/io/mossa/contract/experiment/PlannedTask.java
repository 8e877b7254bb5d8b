package io.mossa.contract.experiment;

import java.util.List;
import java.util.Set;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One task as cka-service runs it: its control model C_t and the prompts chosen for it, or none when the plan refers
 * to a stored task set (cka-service then reads the task's chosen examples from its store when the task runs).
 */
public record PlannedTask(
        String name,
        String cluster,
        String controlModel,
        @Schema(description = "The chosen prompts; null when the plan refers to a stored task set's examples",
                nullable = true)
        List<String> prompts,
        @Schema(description = "a task the experimental model was not trained on", defaultValue = "false")
        Boolean heldOut,
        @Schema(description = "the split the prompts came from", example = "test", nullable = true)
        String split) {

    /**
     * The rules of a task's labels, wherever the task comes from: a name (unique among {@code names}, which this
     * adds it to), a cluster, a split that is null or not blank; each at most {@value ExperimentPlan#MAX_NAME_CHARS}
     * characters.
     *
     * @param field the task's path (tasks[i])
     */
    public static void checkLabels(Violations violations, String field, String name, String cluster, String split,
            Set<String> names) {
        if (ExperimentPlan.requireText(violations, field + ".name", name, ExperimentPlan.MAX_NAME_CHARS)
                && !names.add(name)) {
            violations.add(field + ".name", "duplicate task name '" + name + "'");
        }
        ExperimentPlan.requireText(violations, field + ".cluster", cluster, ExperimentPlan.MAX_NAME_CHARS);
        ExperimentPlan.optionalText(violations, field + ".split", split, ExperimentPlan.MAX_NAME_CHARS);
    }

    public boolean isHeldOut() {
        return Boolean.TRUE.equals(heldOut);
    }
}
