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

import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.experiment.ExperimentDefinition.TaskDefinition;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.taskset.TaskSet;
import io.mossa.gateway.taskset.TaskSetCatalog;
import io.mossa.gateway.upstream.ExtractorClient;

/**
 * Checks a definition against what the platform really has (models, their layers, task sets) and resolves
 * it into the {@link ExperimentSpec} cka-service runs. Every problem is reported at once, by field.
 */
@Component
public class ExperimentPlanner {

    static final List<String> POOLINGS = List.of("last", "mean");
    static final List<String> LAYER_PAIRS = List.of("same", "all");

    private final ExtractorClient extractor;
    private final TaskSetCatalog taskSets;
    private final GatewayProperties limits;

    public ExperimentPlanner(ExtractorClient extractor, TaskSetCatalog taskSets, GatewayProperties limits) {
        this.extractor = extractor;
        this.taskSets = taskSets;
        this.limits = limits;
    }

    public ExperimentSpec plan(ExperimentDefinition definition) {
        FieldErrors errors = new FieldErrors();
        if (isBlank(definition.name())) {
            errors.add("name", "must not be blank");
        } else if (definition.name().length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        String pooling = oneOf(errors, "pooling", definition.pooling(), POOLINGS);
        String layerPairs = oneOf(errors, "layerPairs", definition.layerPairs(), LAYER_PAIRS);

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

        List<ExperimentSpec.Task> tasks = resolveTasks(errors, definition, models, involved);
        List<Integer> layers = resolveLayers(errors, definition.layers(), involved);
        errors.throwIfAny();
        return new ExperimentSpec(definition.name().strip(), definition.experimentalModel(),
                definition.baselineModel(), layers, layerPairs, pooling, tasks);
    }

    private List<ExperimentSpec.Task> resolveTasks(FieldErrors errors, ExperimentDefinition definition,
            Map<String, ModelInfo> models, Map<String, ModelInfo> involved) {
        List<TaskDefinition> definitions;
        String prefix;
        if (definition.taskSet() != null && definition.tasks() != null) {
            errors.add("taskSet", "give either taskSet or tasks, not both");
            return List.of();
        } else if (definition.taskSet() != null) {
            TaskSet taskSet = taskSets.find(definition.taskSet()).orElse(null);
            if (taskSet == null) {
                errors.add("taskSet", "unknown task set '" + definition.taskSet() + "'; known: "
                        + String.join(", ", taskSets.all().stream().map(TaskSet::id).toList()));
                return List.of();
            }
            definitions = taskSet.tasks().stream()
                    .map(t -> new TaskDefinition(t.name(), t.cluster(), null, t.prompts())).toList();
            prefix = "taskSet '" + taskSet.id() + "' task";
        } else if (definition.tasks() != null) {
            definitions = definition.tasks();
            prefix = "tasks";
        } else {
            errors.add("tasks", "give a taskSet id or inline tasks");
            return List.of();
        }
        if (definitions.isEmpty()) {
            errors.add("tasks", "must hold at least one task");
        } else if (definitions.size() > limits.maxTasks()) {
            errors.add("tasks", "holds " + definitions.size() + " tasks; the limit is " + limits.maxTasks());
        }

        Integer n = definition.examplesPerTask();
        if (n != null && n < 2) {
            errors.add("examplesPerTask", "must be at least 2 (CKA needs two examples), was " + n);
            n = null;
        }
        List<ExperimentSpec.Task> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            TaskDefinition task = definitions.get(i);
            String field = prefix + "[" + i + "]";
            if (task == null) {
                errors.add(field, "must not be null");
                continue;
            }
            if (isBlank(task.name())) {
                errors.add(field + ".name", "must not be blank");
            } else if (!names.add(task.name())) {
                errors.add(field + ".name", "duplicate task name '" + task.name() + "'");
            }
            if (isBlank(task.cluster())) {
                errors.add(field + ".cluster", "must not be blank");
            }
            String control = task.controlModel() != null ? task.controlModel() : definition.controlModel();
            if (control == null) {
                errors.add(field + ".controlModel", "no control model: set controlModel for the experiment or the task");
            } else if (task.controlModel() != null) {
                checkModel(errors, field + ".controlModel", control, models, involved);
            }
            List<String> prompts = checkPrompts(errors, field, task.prompts(), n);
            tasks.add(new ExperimentSpec.Task(task.name(), task.cluster(), control, prompts));
        }
        return tasks;
    }

    private List<String> checkPrompts(FieldErrors errors, String field, List<String> prompts, Integer n) {
        if (prompts == null || prompts.size() < 2) {
            errors.add(field + ".prompts", "must hold at least 2 prompts (CKA needs two examples), has "
                    + (prompts == null ? 0 : prompts.size()));
            return List.of();
        }
        if (prompts.size() > limits.maxPromptsPerTask()) {
            errors.add(field + ".prompts", "holds " + prompts.size() + " prompts; the limit is "
                    + limits.maxPromptsPerTask());
        }
        if (n != null && n > prompts.size()) {
            errors.add("examplesPerTask", n + " is more than the " + prompts.size() + " prompts of " + field);
        }
        for (int j = 0; j < prompts.size(); j++) {
            String prompt = prompts.get(j);
            if (isBlank(prompt)) {
                errors.add(field + ".prompts[" + j + "]", "must not be blank");
            } else if (prompt.length() > limits.maxPromptChars()) {
                errors.add(field + ".prompts[" + j + "]", "has " + prompt.length() + " characters; the limit is "
                        + limits.maxPromptChars());
            }
        }
        return n == null ? List.copyOf(prompts) : List.copyOf(prompts.subList(0, Math.min(n, prompts.size())));
    }

    /** Layers must exist in every model involved: the same indices are read from E, B and every C_t. */
    private static List<Integer> resolveLayers(FieldErrors errors, List<Integer> requested,
            Map<String, ModelInfo> involved) {
        int common = involved.values().stream().mapToInt(ModelInfo::numLayers).min().orElse(0);
        if (requested == null) {
            return IntStream.rangeClosed(0, common).boxed().toList();
        }
        if (requested.isEmpty()) {
            errors.add("layers", "must not be empty; omit it for every layer");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            Integer layer = requested.get(i);
            String field = "layers[" + i + "]";
            if (layer == null || layer < 0) {
                errors.add(field, "must be a layer index >= 0, was " + layer);
                continue;
            }
            if (!seen.add(layer)) {
                errors.add(field, "duplicate layer " + layer);
            }
            for (ModelInfo model : involved.values()) {
                if (layer > model.numLayers()) {
                    errors.add(field, "layer " + layer + " is out of range for model '" + model.id()
                            + "' (valid: 0.." + model.numLayers() + ")");
                }
            }
        }
        return List.copyOf(requested);
    }

    private static void checkModel(FieldErrors errors, String field, String id, Map<String, ModelInfo> models,
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

    private static String oneOf(FieldErrors errors, String field, String value, List<String> allowed) {
        if (value == null) {
            return allowed.get(0);
        }
        if (!allowed.contains(value)) {
            errors.add(field, "must be one of " + allowed + ", was '" + value + "'");
        }
        return value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
