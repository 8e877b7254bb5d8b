package io.mossa.contract.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.mossa.contract.Violations;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;
import io.mossa.contract.webhook.WebhookTarget;

import tools.jackson.databind.JsonNode;

/**
 * A fully planned experiment, as the gateway sends it and cka-service runs it: models, layers, tasks with their
 * chosen prompts (or, over a stored task set, a reference to its version and the choice of examples: see
 * {@link TaskSetRef}), the measure and statistics as submitted, the prompt format, where the tasks came from and who
 * may read it. On the wire its parts are flat (experimentalModel, layers, kernel, permutations, ...).
 * {@link #check} holds every rule cka-service applies before it queues anything; the gateway's planner reaches
 * a plan through the same measure and statistics rules, so the two cannot disagree on them.
 *
 * @param webhooks   webhooks for this experiment's events, created with it; null or empty: none
 * @param definition the public definition as the client sent it (a JSON object), or null
 */
public record ExperimentPlan(
        String name,
        @JsonUnwrapped Models models,
        @JsonUnwrapped LayerSelection layers,
        List<PlannedTask> tasks,
        @JsonUnwrapped CkaMeasure measure,
        @JsonUnwrapped Statistics statistics,
        @JsonUnwrapped PromptFormat promptFormat,
        @JsonUnwrapped TaskSetRef taskSet,
        @JsonUnwrapped Access access,
        List<WebhookTarget> webhooks,
        String idempotencyKey,
        JsonNode definition) {

    public static final int MAX_NAME_CHARS = 200;
    public static final int MAX_MODEL_ID_CHARS = 500;
    public static final int MAX_LAYERS = 1024;
    public static final int MAX_TASKS = 1000;
    public static final int MAX_PROMPTS_PER_TASK = 10_000;
    public static final int MAX_SYSTEM_PROMPT_CHARS = 20_000;
    public static final int MAX_KEY_CHARS = 200;

    public ExperimentPlan {
        models = models == null ? new Models(null, null) : models;
        layers = layers == null ? new LayerSelection(null, null, null) : layers;
        measure = measure == null ? CkaMeasure.defaults() : measure;
        statistics = statistics == null ? Statistics.none() : statistics;
        promptFormat = promptFormat == null ? new PromptFormat(null, null) : promptFormat;
        taskSet = taskSet == null ? TaskSetRef.inline() : taskSet;
        access = access == null ? Access.anonymous() : access;
    }

    /** A plan of these models, layers and tasks with every option left to its default. */
    public static ExperimentPlan of(String name, Models models, LayerSelection layers, List<PlannedTask> tasks) {
        return new ExperimentPlan(name, models, layers, tasks, null, null, null, null, null, null, null, null);
    }

    public ExperimentPlan withMeasure(CkaMeasure measure, Statistics statistics) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet, access,
                webhooks, idempotencyKey, definition);
    }

    public ExperimentPlan withPromptFormat(PromptFormat promptFormat) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet, access,
                webhooks, idempotencyKey, definition);
    }

    public ExperimentPlan withTaskSet(TaskSetRef taskSet) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet, access,
                webhooks, idempotencyKey, definition);
    }

    public ExperimentPlan withWebhooks(List<WebhookTarget> webhooks) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet, access,
                webhooks, idempotencyKey, definition);
    }

    public ExperimentPlan withAccess(Access access) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet, access,
                webhooks, idempotencyKey, definition);
    }

    /** This plan as submitted by {@code owner} (null: anonymous), with the definition as the client sent it. */
    public ExperimentPlan submittedBy(String owner, String idempotencyKey, JsonNode definition) {
        return new ExperimentPlan(name, models, layers, tasks, measure, statistics, promptFormat, taskSet,
                new Access(owner, access.visibility()), webhooks, idempotencyKey, definition);
    }

    /** The plan as stored and shown: every default filled in (the statistics' too). */
    public ExperimentPlan withDefaults() {
        return new ExperimentPlan(name, models, layers.withDefaults(),
                tasks == null ? null : tasks.stream().map(t -> t == null ? null : new PlannedTask(t.name(),
                        t.cluster(), t.controlModel(), t.prompts(), t.isHeldOut(), t.split())).toList(),
                measure.withDefaults(), statistics.withDefaults(), promptFormat.withDefaults(), taskSet.withDefaults(),
                access.withDefaults(), webhooks == null ? List.of() : webhooks, idempotencyKey, definition);
    }

    /** Reports every rule this plan breaks, by its field on the wire. */
    public void check(Violations violations) {
        checkName(violations, name);
        requireText(violations, "experimentalModel", models.experimental(), MAX_MODEL_ID_CHARS);
        optionalText(violations, "baselineModel", models.baseline(), MAX_MODEL_ID_CHARS);
        checkLayers(violations);
        checkTasks(violations);
        measure.check(violations, "");
        statistics.check(violations, "", measure.withDefaults().estimator(), "estimator");
        if (promptFormat.systemPrompt() != null) {
            if (!promptFormat.usesChatTemplate()) {
                violations.add("systemPrompt", "only applies with chatTemplate: true");
            } else if (promptFormat.systemPrompt().length() > MAX_SYSTEM_PROMPT_CHARS) {
                violations.add("systemPrompt", "has " + promptFormat.systemPrompt().length()
                        + " characters; the limit is " + MAX_SYSTEM_PROMPT_CHARS);
            }
        }
        optionalText(violations, "taskSetId", taskSet.id(), MAX_NAME_CHARS);
        if (taskSet.version() != null && taskSet.version() < 1) {
            violations.add("taskSetVersion", "must be a version number >= 1, was " + taskSet.version());
        }
        optionalText(violations, "owner", access.owner(), MAX_KEY_CHARS);
        WebhookTarget.checkAll(violations, "webhooks", webhooks);
        optionalText(violations, "idempotencyKey", idempotencyKey, MAX_KEY_CHARS);
        if (definition != null && !definition.isObject() && !definition.isNull()) {
            violations.add("definition", "must be a JSON object or null");
        }
    }

    private void checkLayers(Violations violations) {
        List<Integer> indices = layers.indices();
        if (indices == null || indices.isEmpty()) {
            violations.add("layers", "must hold at least one layer index");
            return;
        }
        if (indices.size() > MAX_LAYERS) {
            violations.add("layers", "holds " + indices.size() + " layers; the limit is " + MAX_LAYERS);
        }
        LayerSelection.checkIndices(violations, indices);
    }

    /** The experiment's name: not blank, at most {@value #MAX_NAME_CHARS} characters. */
    public static void checkName(Violations violations, String name) {
        requireText(violations, "name", name, MAX_NAME_CHARS);
    }

    /**
     * Whether the tasks refer to a stored task set's examples (none carries prompts) instead of carrying them:
     * cka-service then checks the reference against its store and reads each task's chosen examples when it runs.
     */
    public boolean refersToData() {
        return tasks != null && !tasks.isEmpty() && tasks.stream().allMatch(t -> t != null && t.prompts() == null);
    }

    private void checkTasks(Violations violations) {
        if (tasks == null || tasks.isEmpty()) {
            violations.add("tasks", "must hold at least one task");
            return;
        }
        if (tasks.size() > MAX_TASKS) {
            violations.add("tasks", "holds " + tasks.size() + " tasks; the limit is " + MAX_TASKS);
        }
        checkSelection(violations);
        boolean references = refersToData();
        int minimum = measure.withDefaults().minimumExamples(statistics);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            PlannedTask task = tasks.get(i);
            String field = "tasks[" + i + "]";
            if (task == null) {
                violations.add(field, "must not be null");
                continue;
            }
            PlannedTask.checkLabels(violations, field, task.name(), task.cluster(), task.split(), names);
            requireText(violations, field + ".controlModel", task.controlModel(), MAX_MODEL_ID_CHARS);
            if (references) {
                // counted against the store by cka-service, which holds the examples
                continue;
            }
            List<String> prompts = task.prompts();
            if (prompts == null) {
                violations.add(field + ".prompts", "must be given, as for every other task of this plan (a plan "
                        + "whose tasks refer to a task set gives no task prompts)");
                continue;
            }
            int size = prompts == null ? 0 : prompts.size();
            if (size < minimum) {
                violations.add(field + ".prompts", "must hold at least " + minimum + " examples ("
                        + measure.withDefaults().whyMinimumExamples(statistics) + "), has " + size);
            } else if (size > MAX_PROMPTS_PER_TASK) {
                violations.add(field + ".prompts", "holds " + size + " prompts; the limit is " + MAX_PROMPTS_PER_TASK);
            } else if (prompts.contains(null)) {
                violations.add(field + ".prompts[" + prompts.indexOf(null) + "]", "must not be null");
            }
        }
    }

    /** The task set reference and the choice of examples: n >= 1, a sampling only with n. */
    private void checkSelection(Violations violations) {
        if (refersToData()) {
            if (taskSet.id() == null) {
                violations.add("taskSetId", "must name the task set whose examples the tasks refer to");
            }
            if (taskSet.version() == null) {
                violations.add("taskSetVersion", "must pin the version whose examples the tasks refer to");
            }
        }
        Integer n = taskSet.examplesPerTask();
        if (n != null && n < 1) {
            violations.add("examplesPerTask", "must be at least 1, was " + n);
        }
        if (taskSet.sampling() != null) {
            if (n == null) {
                violations.add("sampling", "only applies with examplesPerTask (without it every example is used)");
            }
            taskSet.sampling().check(violations, "sampling.");
        }
    }

    static boolean requireText(Violations violations, String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            violations.add(field, "must not be blank");
            return false;
        }
        return optionalText(violations, field, value, maxChars);
    }

    static boolean optionalText(Violations violations, String field, String value, int maxChars) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            violations.add(field, "must be null or not blank");
            return false;
        }
        if (value.length() > maxChars) {
            violations.add(field, "must be at most " + maxChars + " characters");
            return false;
        }
        return true;
    }
}
