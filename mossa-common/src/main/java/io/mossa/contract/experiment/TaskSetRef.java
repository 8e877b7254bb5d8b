package io.mossa.contract.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where an experiment's tasks came from and how their examples were chosen. For a stored task set this is the data
 * itself: the version pinned at submission plus the selection (the first n, or a seeded sample of n), which
 * cka-service resolves against its task-set store when a unit runs; the plan's tasks then carry no prompts. Inline
 * tasks and built-in task sets (bundled with the gateway) carry their chosen prompts; the id and version are then
 * provenance only (both null for inline tasks).
 *
 * @param examplesPerTask n, or null for every example of each task
 * @param sampling        how n examples are chosen; null with examplesPerTask null
 */
public record TaskSetRef(
        @JsonProperty("taskSetId")
        @Schema(description = "The task set the tasks came from, or null for inline tasks", nullable = true,
                example = "demo")
        String id,
        @JsonProperty("taskSetVersion")
        @Schema(description = "The task set version used (resolved when the experiment was submitted)",
                nullable = true, example = "1")
        Integer version,
        @Schema(description = "Examples chosen per task (null: every example)", nullable = true, example = "1000")
        Integer examplesPerTask,
        @Schema(description = "How examplesPerTask examples were chosen (null: every example)", nullable = true)
        Sampling sampling) {

    public static TaskSetRef inline() {
        return new TaskSetRef(null, null, null, null);
    }

    /** Version {@code version} of task set {@code id}, every example of every task. */
    public static TaskSetRef of(String id, Integer version) {
        return new TaskSetRef(id, version, null, null);
    }

    /** This reference with n examples per task (null: all) chosen by {@code sampling}. */
    public TaskSetRef choosing(Integer n, Sampling sampling) {
        if (n == null) {
            return new TaskSetRef(id, version, null, null);
        }
        // a seed belongs to the random method only (Sampling.check)
        Sampling how = sampling.withDefaults();
        return new TaskSetRef(id, version, n, how.method() == SamplingMethod.RANDOM ? how : Sampling.first());
    }

    /** With n given, the sampling's defaults filled in (first n); without n, no sampling. */
    public TaskSetRef withDefaults() {
        return choosing(examplesPerTask, sampling == null ? Sampling.first() : sampling);
    }

    /** How many of a task's {@code size} examples the selection takes. */
    public int chosen(int size) {
        return examplesPerTask == null ? size : Math.min(examplesPerTask, size);
    }

    /**
     * The rules of one task's examples against the selection, wherever they are counted (the gateway's planner and
     * cka-service, which resolves a reference), so both word a refusal alike. An inline task is refused on its
     * prompts' field; a task set's task on {@code taskSet}, by name.
     *
     * @param taskField the inline task's path (tasks[i]), or null for a task of a task set
     * @param minimum   the fewest examples the measure is defined for; {@code why} says why
     * @param maximum   the most examples a task may hold
     * @return false when the task has too few examples to choose from (nothing more is checked then)
     */
    public boolean checkTaskSize(Violations violations, String taskField, String task, int size, int minimum,
            String why, int maximum) {
        String where = taskField == null ? "taskSet" : taskField + ".prompts";
        String which = taskField == null ? "task '" + task + "' " : "";
        if (size == 0) {
            violations.add(where, which + "has no examples (an empty task)");
            return false;
        }
        if (size < minimum) {
            violations.add(where, which + "must hold at least " + minimum + " examples (" + why + "), has " + size);
            return false;
        }
        if (size > maximum) {
            violations.add(where, which + "holds " + size + " prompts; the limit is " + maximum);
        }
        if (examplesPerTask != null && examplesPerTask > size) {
            violations.add("examplesPerTask", examplesPerTask + " is more than the " + size + " examples of task '"
                    + task + "'" + (taskField == null ? "" : " (" + taskField + ")"));
        }
        return true;
    }
}
