package io.mossa.gateway.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.stereotype.Component;

import io.mossa.contract.Violations;
import io.mossa.contract.experiment.Access;
import io.mossa.contract.experiment.ExampleSampler;
import io.mossa.contract.experiment.ExperimentDefinition;
import io.mossa.contract.experiment.ExperimentDefinition.TaskDefinition;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.experiment.PlannedTask;
import io.mossa.contract.experiment.PromptFormat;
import io.mossa.contract.experiment.Sampling;
import io.mossa.contract.experiment.TaskSetRef;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;
import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.web.problem.ApiProblem;

import tools.jackson.databind.JsonNode;

/**
 * Checks a definition against what the platform really has (models, their layers and chat templates, task
 * sets) and resolves it into the {@link ExperimentPlan} cka-service runs. Every problem is reported at once,
 * by field. The measure's and statistics' rules are the contract's own ({@link CkaMeasure#check},
 * {@link Statistics#check}), the very code cka-service runs on the plan.
 */
@Component
public class ExperimentPlanner {

    private final ExtractorClient extractor;
    private final TaskSource taskSets;
    private final GatewayProperties limits;

    public ExperimentPlanner(ExtractorClient extractor, TaskSource taskSets, GatewayProperties limits) {
        this.extractor = extractor;
        this.taskSets = taskSets;
        this.limits = limits;
    }

    /** Reads a submitted body strictly and plans it: wrong names and wrong fields are reported together. */
    public ExperimentPlan plan(JsonNode body) {
        Violations errors = new Violations();
        ExperimentDefinition definition = DefinitionReader.read(body, errors);
        return plan(definition, errors);
    }

    public ExperimentPlan plan(ExperimentDefinition definition) {
        return plan(definition, new Violations());
    }

    private ExperimentPlan plan(ExperimentDefinition definition, Violations errors) {
        ExperimentPlan.checkName(errors, definition.name());
        Map<String, ModelInfo> models = extractor.models().stream()
                .collect(Collectors.toMap(ModelInfo::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, ModelInfo> involved = new LinkedHashMap<>();
        if (isBlank(definition.experimentalModel())) {
            errors.add("experimentalModel", "must name a model");
        } else {
            checkModel(errors, "experimentalModel", definition.experimentalModel(), models, involved);
        }
        if (definition.baselineModel() != null) {
            checkModel(errors, "baselineModel", definition.baselineModel(), models, involved);
        }
        if (definition.controlModel() != null) {
            checkModel(errors, "controlModel", definition.controlModel(), models, involved);
        }

        CkaMeasure measure = definition.similarity() != null ? definition.similarity() : CkaMeasure.defaults();
        Statistics statistics = definition.statistics() != null ? definition.statistics() : Statistics.none();
        measure.check(errors, "similarity.");
        statistics.check(errors, "statistics.", measure.withDefaults().estimator(), "similarity.estimator");
        Choice choice = choice(errors, definition.examplesPerTask(), definition.sampling(), measure, statistics);
        Resolved resolved = resolveTasks(errors, definition, models, involved, choice);
        List<Integer> layers = resolveLayers(errors, definition.layers(), involved);
        boolean chatTemplate = checkChatTemplate(errors, definition, involved);
        errors.throwIfAny();
        return new ExperimentPlan(definition.name().strip(),
                new Models(definition.experimentalModel(), definition.baselineModel()),
                new LayerSelection(layers, definition.layerPairs(), definition.pooling()).withDefaults(),
                resolved.tasks(), measure, statistics, new PromptFormat(chatTemplate, definition.systemPrompt()),
                resolved.taskSet(), new Access(null, definition.visibility()).withDefaults(), definition.webhooks(),
                null, null);
    }

    /**
     * How many examples per task (null: all of them), how they are chosen, and the fewest the measure is defined
     * for (and why).
     */
    private record Choice(Integer n, Sampling sampling, int minimum, String whyMinimum) {
    }

    private static Choice choice(Violations errors, Integer n, Sampling sampling, CkaMeasure measure,
            Statistics statistics) {
        int minimum = measure.withDefaults().minimumExamples(statistics);
        String why = measure.withDefaults().whyMinimumExamples(statistics);
        Integer chosen = n;
        if (n != null && n < minimum) {
            errors.add("examplesPerTask", "must be at least " + minimum + " (" + why + "), was " + n);
            chosen = null;
        }
        if (sampling == null) {
            return new Choice(chosen, Sampling.first(), minimum, why);
        }
        if (n == null) {
            errors.add("sampling", "only applies with examplesPerTask (without it every example is used)");
        }
        sampling.check(errors, "sampling.");
        return new Choice(chosen, sampling, minimum, why);
    }

    private record Resolved(List<PlannedTask> tasks, TaskSetRef taskSet) {
    }

    private Resolved resolveTasks(Violations errors, ExperimentDefinition definition, Map<String, ModelInfo> models,
            Map<String, ModelInfo> involved, Choice choice) {
        if (definition.taskSet() != null && definition.tasks() != null) {
            errors.add("taskSet", "give either taskSet or tasks, not both");
            return new Resolved(List.of(), TaskSetRef.inline());
        }
        if (definition.taskSet() == null && definition.taskSetVersion() != null) {
            errors.add("taskSetVersion", "only applies with taskSet");
        }
        if (definition.taskSet() == null && definition.controlModels() != null) {
            errors.add("controlModels", "only applies with taskSet; give each inline task its own controlModel");
        }
        if (definition.taskSet() != null) {
            return fromTaskSet(errors, definition, models, involved, choice);
        }
        if (definition.tasks() == null) {
            errors.add("tasks", "give a taskSet id or inline tasks");
            return new Resolved(List.of(), TaskSetRef.inline());
        }
        List<TaskDefinition> inline = definition.tasks();
        checkTaskCount(errors, "tasks", inline.size());
        checkInlineBytes(inline);
        TaskSetRef selection = TaskSetRef.inline().choosing(choice.n(), choice.sampling());
        List<PlannedTask> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inline.size(); i++) {
            TaskDefinition task = inline.get(i);
            String field = "tasks[" + i + "]";
            if (task == null) {
                errors.add(field, "must not be null");
                continue;
            }
            PlannedTask.checkLabels(errors, field, task.name(), task.cluster(), task.split(), names);
            String control = task.controlModel() != null ? task.controlModel() : definition.controlModel();
            if (control == null) {
                errors.add(field + ".controlModel", "no control model: set controlModel for the experiment or the task");
            } else if (task.controlModel() != null) {
                checkModel(errors, field + ".controlModel", control, models, involved);
            }
            List<String> prompts = choosePrompts(errors, field, task.name(), task.prompts(), choice, selection);
            tasks.add(new PlannedTask(task.name(), task.cluster(), control, prompts,
                    Boolean.TRUE.equals(task.heldOut()), task.split()));
        }
        return new Resolved(tasks, selection);
    }

    /**
     * Plans the tasks of a task set. A stored one's tasks refer to its version's examples, which stay in
     * cka-service's store: the planner counts them from the version's heads and sends the selection, never a prompt.
     * A built-in one (bundled with the gateway, unknown to cka-service) is small, and its chosen prompts are sent.
     */
    private Resolved fromTaskSet(Violations errors, ExperimentDefinition definition, Map<String, ModelInfo> models,
            Map<String, ModelInfo> involved, Choice choice) {
        String id = definition.taskSet();
        Integer version = definition.taskSetVersion();
        if (version != null && version < 1) {
            errors.add("taskSetVersion", "must be a version number >= 1, was " + version);
            return new Resolved(List.of(), TaskSetRef.of(id, null));
        }
        TaskSource.Version set = taskSets.find(id, version).orElse(null);
        if (set == null) {
            if (version != null && taskSets.find(id, null).isPresent()) {
                errors.add("taskSetVersion", "task set '" + id + "' has no version " + version + "; its latest is "
                        + taskSets.find(id, null).orElseThrow().version());
            } else {
                errors.add("taskSet", "unknown task set '" + id + "'; known: " + String.join(", ", taskSets.ids()));
            }
            return new Resolved(List.of(), TaskSetRef.of(id, version));
        }
        TaskSetRef reference = TaskSetRef.of(set.id(), set.version()).choosing(choice.n(), choice.sampling());
        checkTaskCount(errors, "taskSet", set.tasks().size());
        Map<String, String> controls = definition.controlModels() == null ? Map.of() : definition.controlModels();
        Set<String> names = set.tasks().stream().map(TaskSource.Task::name).collect(Collectors.toSet());
        for (Map.Entry<String, String> control : controls.entrySet()) {
            String field = "controlModels." + control.getKey();
            if (!names.contains(control.getKey())) {
                errors.add(field, "task set '" + id + "' version " + set.version() + " has no task '"
                        + control.getKey() + "'");
            } else if (control.getValue() == null) {
                errors.add(field, "must name a model");
            } else {
                checkModel(errors, field, control.getValue(), models, involved);
            }
        }
        List<PlannedTask> tasks = new ArrayList<>();
        for (TaskSource.Task task : set.tasks()) {
            String control = controls.getOrDefault(task.name(), definition.controlModel());
            if (control == null) {
                errors.add("controlModels." + task.name(),
                        "no control model: set controlModel, or controlModels for task '" + task.name() + "'");
            }
            List<String> prompts = null;
            if (task.prompts() != null) {
                prompts = choosePrompts(errors, null, task.name(), task.prompts(), choice, reference);
            } else {
                reference.checkTaskSize(errors, null, task.name(), task.examples(), choice.minimum(),
                        choice.whyMinimum(), limits.maxPromptsPerTask());
            }
            tasks.add(new PlannedTask(task.name(), task.cluster(), control, prompts, task.heldOut(), task.split()));
        }
        return new Resolved(tasks, reference);
    }

    private void checkTaskCount(Violations errors, String field, int count) {
        if (count == 0) {
            errors.add(field, "must hold at least one task");
        } else if (count > limits.maxTasks()) {
            errors.add(field, "holds " + count + " tasks; the limit is " + limits.maxTasks());
        }
    }

    /**
     * Inline tasks travel in the experiment (twice: its tasks and its definition), so their prompts are bounded in
     * all; past the limit the answer is a 413 that names the property, before anything else is checked.
     */
    private void checkInlineBytes(List<TaskDefinition> inline) {
        long bytes = 0;
        for (TaskDefinition task : inline) {
            if (task != null && task.prompts() != null) {
                for (String prompt : task.prompts()) {
                    bytes += prompt == null ? 0 : utf8Length(prompt);
                }
            }
        }
        if (bytes > limits.maxInlinePromptBytes()) {
            throw ApiProblem.payloadTooLarge("the inline tasks' prompts hold " + bytes + " bytes (UTF-8); the limit "
                    + "(mossa.gateway.max-inline-prompt-bytes) is " + limits.maxInlinePromptBytes() + " bytes: store "
                    + "larger data as a task set and name it with taskSet")
                    .with("property", "mossa.gateway.max-inline-prompt-bytes")
                    .with("limitBytes", limits.maxInlinePromptBytes());
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Checks the prompts a task carries (an inline task's, or a built-in task set's) and chooses its examples. A
     * task set's prompts were validated when the version was created; they are counted again here because n and the
     * measure's minimum are the experiment's.
     *
     * @param field the inline task's path (tasks[i]), or null for a task of a task set
     */
    private List<String> choosePrompts(Violations errors, String field, String task, List<String> prompts,
            Choice choice, TaskSetRef selection) {
        int size = prompts == null ? 0 : prompts.size();
        if (!selection.checkTaskSize(errors, field, task, size, choice.minimum(), choice.whyMinimum(),
                limits.maxPromptsPerTask())) {
            return List.of();
        }
        if (field != null) {
            for (int j = 0; j < size; j++) {
                String prompt = prompts.get(j);
                if (isBlank(prompt)) {
                    errors.add(field + ".prompts[" + j + "]", "must not be blank");
                } else if (prompt.length() > limits.maxPromptChars()) {
                    errors.add(field + ".prompts[" + j + "]", "has " + prompt.length() + " characters; the limit is "
                            + limits.maxPromptChars());
                }
            }
        }
        return ExampleSampler.choose(prompts, selection.chosen(size), choice.sampling());
    }

    /** Layers must exist in every model involved: the same indices are read from E, B and every C_t. */
    private static List<Integer> resolveLayers(Violations errors, List<Integer> requested,
            Map<String, ModelInfo> involved) {
        int common = involved.values().stream().mapToInt(ModelInfo::numLayers).min().orElse(0);
        if (requested == null) {
            return IntStream.rangeClosed(0, common).boxed().toList();
        }
        if (requested.isEmpty()) {
            errors.add("layers", "must not be empty; omit it for every layer");
        }
        LayerSelection.checkIndices(errors, requested);
        for (int i = 0; i < requested.size(); i++) {
            Integer layer = requested.get(i);
            for (ModelInfo model : involved.values()) {
                if (layer != null && layer > model.numLayers()) {
                    errors.add("layers[" + i + "]", "layer " + layer + " is out of range for model '" + model.id()
                            + "' (valid: 0.." + model.numLayers() + ")");
                }
            }
        }
        return List.copyOf(requested);
    }

    /** The extractor applies each model's own template, so every model involved must have one. */
    private boolean checkChatTemplate(Violations errors, ExperimentDefinition definition,
            Map<String, ModelInfo> involved) {
        boolean wanted = Boolean.TRUE.equals(definition.chatTemplate());
        if (!wanted) {
            if (definition.systemPrompt() != null) {
                errors.add("systemPrompt", "only applies with chatTemplate: true");
            }
            return false;
        }
        for (ModelInfo model : involved.values()) {
            if (model.chatTemplate() == null) {
                errors.add("chatTemplate", "model '" + model.id() + "' has no chat template; use models that have "
                        + "one (chatTemplate in GET /api/v1/models) or put the formatted prompts in the tasks");
            }
        }
        if (definition.systemPrompt() != null && definition.systemPrompt().length() > limits.maxPromptChars()) {
            errors.add("systemPrompt", "has " + definition.systemPrompt().length() + " characters; the limit is "
                    + limits.maxPromptChars());
        }
        return true;
    }

    private static void checkModel(Violations errors, String field, String id, Map<String, ModelInfo> models,
            Map<String, ModelInfo> involved) {
        ModelInfo model = models.get(id);
        if (model == null) {
            errors.add(field, "unknown model '" + id + "'; known models: " + String.join(", ", models.keySet()));
        } else if (!model.usable() || model.numLayers() == null) {
            errors.add(field, "model '" + id + "' is unusable: " + model.problem());
        } else {
            involved.put(id, model);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
