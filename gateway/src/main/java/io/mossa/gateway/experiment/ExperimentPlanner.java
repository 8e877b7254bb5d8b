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
import io.mossa.gateway.experiment.ExperimentDefinition.Sampling;
import io.mossa.gateway.experiment.ExperimentDefinition.Similarity;
import io.mossa.gateway.experiment.ExperimentDefinition.Statistics;
import io.mossa.gateway.experiment.ExperimentDefinition.TaskDefinition;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.gateway.validation.FieldErrors;

/**
 * Checks a definition against what the platform really has (models, their layers and chat templates, task
 * sets) and resolves it into the {@link ExperimentSpec} cka-service runs. Every problem is reported at once,
 * by field. The similarity rules are those of POST /api/v1/similarity, so that cka-service never refuses
 * what the planner let through.
 */
@Component
public class ExperimentPlanner {

    static final List<String> POOLINGS = List.of("last", "mean");
    static final List<String> LAYER_PAIRS = List.of("same", "all");
    static final List<String> KERNELS = List.of("linear", "rbf", "polynomial");
    static final List<String> ESTIMATORS = List.of("biased", "debiased");
    static final List<String> VISIBILITIES = List.of("public", "private");
    static final int MAX_RESAMPLES = 10_000;
    static final int MAX_DEGREE = 10;
    static final int MAX_NAME_CHARS = 200;

    private final ExtractorClient extractor;
    private final TaskSource taskSets;
    private final GatewayProperties limits;

    public ExperimentPlanner(ExtractorClient extractor, TaskSource taskSets, GatewayProperties limits) {
        this.extractor = extractor;
        this.taskSets = taskSets;
        this.limits = limits;
    }

    public ExperimentSpec plan(ExperimentDefinition definition) {
        FieldErrors errors = new FieldErrors();
        if (isBlank(definition.name())) {
            errors.add("name", "must not be blank");
        } else if (definition.name().length() > MAX_NAME_CHARS) {
            errors.add("name", "must be at most " + MAX_NAME_CHARS + " characters");
        }
        String pooling = oneOf(errors, "pooling", definition.pooling(), POOLINGS);
        String layerPairs = oneOf(errors, "layerPairs", definition.layerPairs(), LAYER_PAIRS);
        String visibility = oneOf(errors, "visibility", definition.visibility(), VISIBILITIES);

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

        Measure measure = measure(errors, definition.similarity(), definition.statistics());
        Choice choice = choice(errors, definition.examplesPerTask(), definition.sampling(), measure);
        Resolved resolved = resolveTasks(errors, definition, models, involved, choice, measure);
        List<Integer> layers = resolveLayers(errors, definition.layers(), involved);
        boolean chatTemplate = checkChatTemplate(errors, definition, involved);
        errors.throwIfAny();
        return new ExperimentSpec(definition.name().strip(), definition.experimentalModel(),
                definition.baselineModel(), layers, layerPairs, pooling, resolved.tasks(), measure.kernel(),
                measure.estimator(), measure.rbfThreshold(), measure.degree(), measure.coef0(), measure.permutations(),
                measure.bootstrap(), measure.confidence(), measure.seed(), chatTemplate, definition.systemPrompt(),
                resolved.taskSetId(), resolved.taskSetVersion(), visibility, null, null, null);
    }

    /** The similarity options, checked with the rules of cka-service's SimilarityOptions and kernels. */
    private record Measure(String kernel, String estimator, Double rbfThreshold, Integer degree, Double coef0,
            int permutations, int bootstrap, double confidence, long seed) {
    }

    private static Measure measure(FieldErrors errors, Similarity similarity, Statistics statistics) {
        Similarity s = similarity != null ? similarity : new Similarity(null, null, null, null, null);
        String kernel = oneOf(errors, "similarity.kernel", s.kernel(), KERNELS);
        String estimator = oneOf(errors, "similarity.estimator", s.estimator(), ESTIMATORS);
        Double rbfThreshold = null;
        Integer degree = null;
        Double coef0 = null;
        if ("rbf".equals(kernel)) {
            rbfThreshold = s.rbfThreshold() == null ? 1.0 : s.rbfThreshold();
            if (!(rbfThreshold > 0) || rbfThreshold.isInfinite()) {
                errors.add("similarity.rbfThreshold", "must be a positive finite number, was " + rbfThreshold);
            }
        } else if (s.rbfThreshold() != null) {
            errors.add("similarity.rbfThreshold", "only applies to kernel 'rbf', the kernel is '" + kernel + "'");
        }
        if ("polynomial".equals(kernel)) {
            degree = s.degree() == null ? 3 : s.degree();
            coef0 = s.coef0() == null ? 1.0 : s.coef0();
            if (degree < 1 || degree > MAX_DEGREE) {
                errors.add("similarity.degree", "must be 1.." + MAX_DEGREE + ", was " + degree);
            }
            if (!Double.isFinite(coef0)) {
                errors.add("similarity.coef0", "must be a finite number, was " + coef0);
            }
        } else {
            if (s.degree() != null) {
                errors.add("similarity.degree", "only applies to kernel 'polynomial', the kernel is '" + kernel + "'");
            }
            if (s.coef0() != null) {
                errors.add("similarity.coef0", "only applies to kernel 'polynomial', the kernel is '" + kernel + "'");
            }
        }

        Statistics t = statistics != null ? statistics : new Statistics(null, null, null, null);
        int permutations = t.permutations() == null ? 0 : t.permutations();
        int bootstrap = t.bootstrap() == null ? 0 : t.bootstrap();
        if (permutations < 0 || permutations > MAX_RESAMPLES) {
            errors.add("statistics.permutations", "must be 0.." + MAX_RESAMPLES + ", was " + permutations);
        }
        if (bootstrap < 0 || bootstrap > MAX_RESAMPLES) {
            errors.add("statistics.bootstrap", "must be 0.." + MAX_RESAMPLES + ", was " + bootstrap);
        } else if (bootstrap > 0 && !"debiased".equals(estimator)) {
            errors.add("statistics.bootstrap", "intervals need similarity.estimator 'debiased': biased CKA grows as "
                    + "n shrinks, so values on resampled inputs do not estimate the spread of the full-sample value");
        }
        double confidence = t.confidence() == null ? 0.95 : t.confidence();
        if (t.confidence() != null && bootstrap <= 0) {
            errors.add("statistics.confidence", "only applies with bootstrap > 0 (it is the level of the intervals)");
        } else if (!(confidence > 0 && confidence < 1)) {
            errors.add("statistics.confidence", "must be between 0 and 1 (exclusive), was " + confidence);
        }
        if (t.seed() != null && permutations <= 0 && bootstrap <= 0) {
            errors.add("statistics.seed", "only applies with permutations or bootstrap > 0");
        }
        return new Measure(kernel, estimator, rbfThreshold, degree, coef0, permutations, bootstrap, confidence,
                t.seed() == null ? 0 : t.seed());
    }

    /** How many examples per task (null: all of them) and how they are chosen. */
    private record Choice(Integer n, String method, long seed) {
    }

    private static Choice choice(FieldErrors errors, Integer n, Sampling sampling, Measure measure) {
        int minimum = minimumExamples(measure);
        Integer chosen = n;
        if (n != null && n < minimum) {
            errors.add("examplesPerTask", "must be at least " + minimum + " (" + reasonForMinimum(measure)
                    + "), was " + n);
            chosen = null;
        }
        if (sampling == null) {
            return new Choice(chosen, ExampleSampler.FIRST, 0);
        }
        if (n == null) {
            errors.add("sampling", "only applies with examplesPerTask (without it every example is used)");
        }
        String method = oneOf(errors, "sampling.method", sampling.method(), ExampleSampler.METHODS);
        if (sampling.seed() != null && !ExampleSampler.RANDOM.equals(method)) {
            errors.add("sampling.seed", "only applies to method 'random', the method is '" + method + "'");
        }
        return new Choice(chosen, method, sampling.seed() == null ? 0 : sampling.seed());
    }

    /** The fewest examples per task the measure is defined for (cka-service's similarity engine's rules). */
    private static int minimumExamples(Measure measure) {
        if (measure.bootstrap() > 0) {
            return 8;
        }
        return "debiased".equals(measure.estimator()) ? 4 : 2;
    }

    private static String reasonForMinimum(Measure measure) {
        if (measure.bootstrap() > 0) {
            return "bootstrap intervals subsample n/2 examples, and the debiased estimator needs 4";
        }
        return "debiased".equals(measure.estimator()) ? "the debiased estimator needs 4 examples"
                : "CKA needs two examples";
    }

    private record Resolved(List<ExperimentSpec.Task> tasks, String taskSetId, Integer taskSetVersion) {
    }

    private Resolved resolveTasks(FieldErrors errors, ExperimentDefinition definition, Map<String, ModelInfo> models,
            Map<String, ModelInfo> involved, Choice choice, Measure measure) {
        if (definition.taskSet() != null && definition.tasks() != null) {
            errors.add("taskSet", "give either taskSet or tasks, not both");
            return new Resolved(List.of(), null, null);
        }
        if (definition.taskSet() == null && definition.taskSetVersion() != null) {
            errors.add("taskSetVersion", "only applies with taskSet");
        }
        if (definition.taskSet() == null && definition.controlModels() != null) {
            errors.add("controlModels", "only applies with taskSet; give each inline task its own controlModel");
        }
        if (definition.taskSet() != null) {
            return fromTaskSet(errors, definition, models, involved, choice, measure);
        }
        if (definition.tasks() == null) {
            errors.add("tasks", "give a taskSet id or inline tasks");
            return new Resolved(List.of(), null, null);
        }
        List<TaskDefinition> inline = definition.tasks();
        checkTaskCount(errors, "tasks", inline.size());
        List<ExperimentSpec.Task> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inline.size(); i++) {
            TaskDefinition task = inline.get(i);
            String field = "tasks[" + i + "]";
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
            if (task.split() != null && task.split().isBlank()) {
                errors.add(field + ".split", "must be null or not blank");
            }
            String control = task.controlModel() != null ? task.controlModel() : definition.controlModel();
            if (control == null) {
                errors.add(field + ".controlModel", "no control model: set controlModel for the experiment or the task");
            } else if (task.controlModel() != null) {
                checkModel(errors, field + ".controlModel", control, models, involved);
            }
            List<String> prompts = checkPrompts(errors, field, task.name(), task.prompts(), choice, measure);
            tasks.add(new ExperimentSpec.Task(task.name(), task.cluster(), control, prompts,
                    Boolean.TRUE.equals(task.heldOut()), task.split()));
        }
        return new Resolved(tasks, null, null);
    }

    private Resolved fromTaskSet(FieldErrors errors, ExperimentDefinition definition, Map<String, ModelInfo> models,
            Map<String, ModelInfo> involved, Choice choice, Measure measure) {
        String id = definition.taskSet();
        Integer version = definition.taskSetVersion();
        if (version != null && version < 1) {
            errors.add("taskSetVersion", "must be a version number >= 1, was " + version);
            return new Resolved(List.of(), id, null);
        }
        TaskSource.Version set = taskSets.find(id, version).orElse(null);
        if (set == null) {
            if (version != null && taskSets.find(id, null).isPresent()) {
                errors.add("taskSetVersion", "task set '" + id + "' has no version " + version + "; its latest is "
                        + taskSets.find(id, null).orElseThrow().version());
            } else {
                errors.add("taskSet", "unknown task set '" + id + "'; known: " + String.join(", ", taskSets.ids()));
            }
            return new Resolved(List.of(), id, version);
        }
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
        List<ExperimentSpec.Task> tasks = new ArrayList<>();
        for (TaskSource.Task task : set.tasks()) {
            String control = controls.getOrDefault(task.name(), definition.controlModel());
            if (control == null) {
                errors.add("controlModels." + task.name(),
                        "no control model: set controlModel, or controlModels for task '" + task.name() + "'");
            }
            List<String> prompts = checkPrompts(errors, "taskSet", task.name(), task.prompts(), choice, measure);
            tasks.add(new ExperimentSpec.Task(task.name(), task.cluster(), control, prompts, task.heldOut(),
                    task.split()));
        }
        return new Resolved(tasks, set.id(), set.version());
    }

    private void checkTaskCount(FieldErrors errors, String field, int count) {
        if (count == 0) {
            errors.add(field, "must hold at least one task");
        } else if (count > limits.maxTasks()) {
            errors.add(field, "holds " + count + " tasks; the limit is " + limits.maxTasks());
        }
    }

    /**
     * Checks a task's prompts and chooses its examples. Task set prompts were validated when the version was
     * created; they are counted again here because n and the estimator's minimum are the experiment's.
     */
    private List<String> checkPrompts(FieldErrors errors, String field, String task, List<String> prompts,
            Choice choice, Measure measure) {
        boolean inline = field.startsWith("tasks[");
        String where = inline ? field + ".prompts" : field;
        String which = inline ? "" : "task '" + task + "' ";
        int size = prompts == null ? 0 : prompts.size();
        int minimum = minimumExamples(measure);
        if (size == 0) {
            errors.add(where, which + "has no examples (an empty task)");
            return List.of();
        }
        if (size < minimum) {
            errors.add(where, which + "must hold at least " + minimum + " examples (" + reasonForMinimum(measure)
                    + "), has " + size);
            return List.of();
        }
        if (size > limits.maxPromptsPerTask()) {
            errors.add(where, which + "holds " + size + " prompts; the limit is " + limits.maxPromptsPerTask());
        }
        if (choice.n() != null && choice.n() > size) {
            errors.add("examplesPerTask", choice.n() + " is more than the " + size + " examples of task '" + task
                    + "'" + (inline ? " (" + field + ")" : ""));
        }
        if (inline) {
            for (int j = 0; j < size; j++) {
                String prompt = prompts.get(j);
                if (isBlank(prompt)) {
                    errors.add(where + "[" + j + "]", "must not be blank");
                } else if (prompt.length() > limits.maxPromptChars()) {
                    errors.add(where + "[" + j + "]", "has " + prompt.length() + " characters; the limit is "
                            + limits.maxPromptChars());
                }
            }
        }
        int n = choice.n() == null ? size : Math.min(choice.n(), size);
        return ExampleSampler.choose(prompts, n, choice.method(), choice.seed());
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

    /** The extractor applies each model's own template, so every model involved must have one. */
    private boolean checkChatTemplate(FieldErrors errors, ExperimentDefinition definition,
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
