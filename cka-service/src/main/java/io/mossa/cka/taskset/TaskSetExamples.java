package io.mossa.cka.taskset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.mossa.cka.taskset.TaskSetApi.TaskInfo;
import io.mossa.cka.taskset.TaskSetApi.VersionHeads;
import io.mossa.contract.Violations;
import io.mossa.contract.experiment.ExampleSampler;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.PlannedTask;
import io.mossa.contract.experiment.SamplingMethod;
import io.mossa.contract.experiment.TaskSetRef;
import io.mossa.contract.taskset.Template;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The examples an experiment over a stored task set refers to (issue 12): checks the reference when the experiment is
 * submitted and, when a unit runs, reads its task's chosen examples from the store and renders them. Choosing and
 * rendering are the contract's ({@link ExampleSampler}, {@link Template}), the code the gateway's planner used when it
 * sent prompts, so an experiment chooses the same prompts whether it carries them or refers to them.
 */
@Component
public class TaskSetExamples {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final TaskSetStore store;

    public TaskSetExamples(TaskSetStore store) {
        this.store = store;
    }

    /**
     * Checks that the plan's task set version exists and holds each planned task with enough examples for the
     * measure and the selection, with the gateway planner's messages.
     *
     * @return each task's n (how many examples the selection takes), in the plan's order; empty when refused
     */
    public List<Integer> check(ExperimentPlan plan, Violations violations) {
        TaskSetRef ref = plan.taskSet();
        Optional<VersionHeads> found = store.heads(ref.id(), ref.version());
        if (found.isEmpty()) {
            Optional<VersionHeads> latest = store.heads(ref.id(), null);
            if (latest.isPresent()) {
                violations.add("taskSetVersion", "task set '" + ref.id() + "' has no version " + ref.version()
                        + "; its latest is " + latest.get().version());
            } else {
                violations.add("taskSetId", "unknown task set '" + ref.id() + "'");
            }
            return List.of();
        }
        Map<String, TaskInfo> tasks = new HashMap<>();
        found.get().tasks().forEach(t -> tasks.put(t.name(), t));
        var measure = plan.measure().withDefaults();
        int minimum = measure.minimumExamples(plan.statistics());
        String why = measure.whyMinimumExamples(plan.statistics());
        List<Integer> sizes = new ArrayList<>();
        for (PlannedTask planned : plan.tasks()) {
            TaskInfo task = tasks.get(planned.name());
            if (task == null) {
                violations.add("taskSet", "task set '" + ref.id() + "' version " + ref.version() + " has no task '"
                        + planned.name() + "'");
                continue;
            }
            ref.checkTaskSize(violations, null, task.name(), task.rows(), minimum, why,
                    ExperimentPlan.MAX_PROMPTS_PER_TASK);
            for (String template : templates(task)) {
                try {
                    Template.parse(template);
                } catch (Template.SyntaxException e) {
                    violations.add("taskSet", "task '" + task.name() + "': template '" + template + "': "
                            + e.getMessage());
                }
            }
            sizes.add(ref.chosen(task.rows()));
        }
        return violations.isEmpty() ? List.copyOf(sizes) : List.of();
    }

    /**
     * The prompts of one task as the selection chooses them, in the task's order: its rows read through a cursor
     * (only up to the last chosen one), each ready prompt as it is, each example rendered with template
     * (position mod templates), position being the example's place in the whole task, as the task set defines it.
     *
     * @throws IllegalStateException when the version or task is gone (the store never deletes one)
     */
    public List<String> prompts(TaskSetRef reference, String taskName) {
        TaskSetRef ref = reference.withDefaults();
        VersionHeads heads = store.heads(ref.id(), ref.version()).orElseThrow(() -> new IllegalStateException(
                "task set '" + ref.id() + "' has no version " + ref.version()));
        TaskInfo task = heads.tasks().stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("task set '" + ref.id() + "' version " + ref.version()
                        + " has no task '" + taskName + "'"));
        int size = task.rows();
        int n = ref.chosen(size);
        int[] positions = n == size || ref.sampling().method() == SamplingMethod.FIRST ? firstPositions(n)
                : ExampleSampler.randomPositions(size, n, ref.sampling().seed());
        List<Template> templates = task.templates() == null ? null
                : templates(task).stream().map(Template::parse).toList();
        List<String> prompts = new ArrayList<>(n);
        if (n == 0) {
            return prompts;
        }
        int[] ordinal = {0};
        int[] next = {0};
        store.eachRow(ref.id(), ref.version(), taskName, 0, positions[n - 1] + 1L, row -> {
            int i = ordinal[0]++;
            if (next[0] < positions.length && positions[next[0]] == i) {
                next[0]++;
                prompts.add(templates == null ? JSON.readValue(row, String.class)
                        : templates.get(i % templates.size()).render(JSON.readValue(row, FIELDS)));
            }
        });
        if (prompts.size() != n) {
            throw new IllegalStateException("task '" + taskName + "' of task set '" + ref.id() + "' version "
                    + ref.version() + " yielded " + prompts.size() + " of its " + n + " chosen examples");
        }
        return prompts;
    }

    private static int[] firstPositions(int n) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        return positions;
    }

    private static List<String> templates(TaskInfo task) {
        return task.templates() == null ? List.of() : JSON.readValue(task.templates(), new TypeReference<List<String>>() {
        });
    }
}
