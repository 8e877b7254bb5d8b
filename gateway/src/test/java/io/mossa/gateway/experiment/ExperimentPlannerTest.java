package io.mossa.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.mossa.contract.ContractViolation;
import io.mossa.contract.Violations;
import io.mossa.contract.experiment.ExampleSampler;
import io.mossa.contract.experiment.ExperimentDefinition;
import io.mossa.contract.experiment.ExperimentDefinition.TaskDefinition;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.PlannedTask;
import io.mossa.contract.experiment.Pooling;
import io.mossa.contract.experiment.Sampling;
import io.mossa.contract.experiment.TaskSetRef;
import io.mossa.contract.experiment.SamplingMethod;
import io.mossa.contract.experiment.Visibility;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.Statistics;
import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.web.problem.ApiProblem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Validation and resolution rules, with the extractor's models and the task sets given as data. */
class ExperimentPlannerTest {

    private static final List<ModelInfo> MODELS = List.of(
            new ModelInfo("small", "onnx", "bert", 6, 384, "float32", 512, 30522, null, false, true, null),
            new ModelInfo("deep", "onnx", "bert", 12, 384, "float32", 512, 30522, null, false, true, null),
            new ModelInfo("chat-a", "safetensors", "llama", 4, 64, "float32", 512, 32000, "llama-2", false, true, null),
            new ModelInfo("chat-b", "safetensors", "llama", 4, 64, "float32", 512, 32000, "plain", false, true, null),
            new ModelInfo("broken", "onnx", null, null, null, null, null, null, null, false, false,
                    "config.json is missing"));

    /** Task set "study": version 1 with two tasks, version 2 (latest) with three, one held out. */
    private static final Map<String, List<TaskSource.Version>> TASK_SETS = Map.of(
            "study", List.of(
                    new TaskSource.Version("study", 1, List.of(
                            setTask("alpha", "c1", null, false, 5), setTask("beta", "c2", null, false, 5))),
                    new TaskSource.Version("study", 2, List.of(
                            setTask("alpha", "c1", "train", false, 6), setTask("beta", "c2", "train", false, 6),
                            setTask("gamma", "c2", "test", true, 3)))),
            "hollow", List.of(new TaskSource.Version("hollow", 1, List.of(setTask("void", "c", null, false, 0)))));

    private final ExperimentPlanner planner = planner(3, 50, 100);
    private final ExperimentPlanner tight = planner(3, 5, 100);

    private static final ExtractorClient EXTRACTOR = new ExtractorClient(null) {
        @Override
        public List<ModelInfo> models() {
            return MODELS;
        }
    };

    private static ExperimentPlanner planner(int maxTasks, int maxPrompts, int maxPromptChars) {
        TaskSource taskSets = new TaskSource() {
            @Override
            public Optional<Version> find(String id, Integer version) {
                List<Version> versions = TASK_SETS.getOrDefault(id, List.of());
                return versions.stream().filter(v -> version == null || v.version() == version)
                        .reduce((a, b) -> b);
            }

            @Override
            public List<String> ids() {
                return TASK_SETS.keySet().stream().sorted().toList();
            }
        };
        return new ExperimentPlanner(EXTRACTOR, taskSets, limits(maxTasks, maxPrompts, maxPromptChars));
    }

    // ---- resolution

    @Test
    void resolvesDefaultsControlsAndExamples() {
        ExperimentPlan spec = planner.plan(inline("  study ", "deep", "small",
                List.of(task("a", null, "p1", "p2", "p3"), task("b", "deep", "q1", "q2", "q3")), 2));
        assertThat(spec.name()).isEqualTo("study");
        assertThat(spec.layers().indices()).as("layers every involved model has")
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(spec.layers().pooling()).isEqualTo(Pooling.LAST);
        assertThat(spec.layers().pairing()).isEqualTo(LayerPairing.SAME);
        assertThat(spec.tasks()).extracting(PlannedTask::controlModel).containsExactly("small", "deep");
        assertThat(spec.tasks().get(0).prompts()).containsExactly("p1", "p2");
        CkaMeasure measure = spec.measure().withDefaults();
        assertThat(measure.kernel()).as("the paper's measure").isEqualTo(KernelType.LINEAR);
        assertThat(measure.estimator()).isEqualTo(EstimatorType.BIASED);
        Statistics statistics = spec.statistics().withDefaults();
        assertThat(List.of(statistics.permutations(), statistics.bootstrap())).containsExactly(0, 0);
        assertThat(statistics.confidence()).isEqualTo(0.95);
        assertThat(spec.access().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(spec.promptFormat().chatTemplate()).isFalse();
        assertThat(spec.taskSet().id()).isNull();
        assertThat(spec.tasks()).allSatisfy(t -> assertThat(t.heldOut()).isFalse());
        assertThat(List.of(spec.access().owner() == null, spec.idempotencyKey() == null,
                spec.definition() == null)).containsOnly(true);
    }

    @Test
    void inlinePromptsPastTheirByteLimitAre413NamingTheProperty() {
        // the limit is 1,000,000 bytes; 4,000 prompts of 251 UTF-8 bytes ("é" is two) hold 1,004,000
        String prompt = "é" + "x".repeat(249);
        List<String> prompts = java.util.Collections.nCopies(2000, prompt);
        ExperimentDefinition big = ExperimentDefinition.builder("x", "small").controlModel("small")
                .tasks(List.of(new TaskDefinition("a", "c", null, prompts, null, null),
                        new TaskDefinition("b", "c", null, prompts, null, null))).build();
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> planner(500, 10_000, 20_000).plan(big));
        assertThat(refused).isNotNull();
        assertThat(refused.getStatusCode().value()).isEqualTo(413);
        assertThat(refused.getBody().getProperties()).containsEntry("property", "mossa.gateway.max-inline-prompt-bytes")
                .containsEntry("limitBytes", 1_000_000L);
        assertThat(refused.getBody().getDetail()).contains("1004000 bytes (UTF-8)");

        // exactly at the limit: accepted
        ExperimentDefinition atTheLimit = ExperimentDefinition.builder("x", "small").controlModel("small")
                .tasks(List.of(new TaskDefinition("a", "c", null, java.util.Collections.nCopies(4000, "x".repeat(250)),
                        null, null))).build();
        assertThat(planner(500, 10_000, 20_000).plan(atTheLimit).tasks().get(0).prompts()).hasSize(4000);
    }

    @Test
    void inlineTasksCarryHeldOutAndSplit() {
        ExperimentPlan spec = planner.plan(inline("x", "small", "small", List.of(
                new TaskDefinition("a", "c", null, List.of("1", "2"), true, "test"),
                new TaskDefinition("b", "c", null, List.of("1", "2"), null, null)), null));
        assertThat(spec.tasks()).extracting(PlannedTask::heldOut).containsExactly(true, false);
        assertThat(spec.tasks()).extracting(PlannedTask::split).containsExactly("test", null);
    }

    @Test
    void taskSetResolvesItsLatestVersionUnlessOneIsNamedAndRecordsIt() {
        ExperimentPlan latest = planner.plan(fromTaskSet("study", null, "small", null));
        assertThat(latest.taskSet().id()).isEqualTo("study");
        assertThat(latest.taskSet().version()).isEqualTo(2);
        assertThat(latest.tasks()).extracting(PlannedTask::name).containsExactly("alpha", "beta", "gamma");
        assertThat(latest.tasks()).extracting(PlannedTask::heldOut).containsExactly(false, false, true);
        assertThat(latest.tasks()).extracting(PlannedTask::split).containsExactly("train", "train", "test");
        assertThat(latest.tasks()).as("a stored task set's tasks refer to its examples, carry none")
                .allSatisfy(t -> assertThat(t.prompts()).isNull());
        assertThat(latest.refersToData()).isTrue();
        assertThat(latest.taskSet().examplesPerTask()).as("every example").isNull();

        ExperimentPlan sampled = planner.plan(ExperimentDefinition.builder("x", "small").controlModel("small")
                .taskSet("study", 2).examples(3, Sampling.random(7L)).build());
        assertThat(sampled.taskSet()).as("the selection travels, not the examples")
                .isEqualTo(new TaskSetRef("study", 2, 3, Sampling.random(7L)));
        ExperimentPlan first = planner.plan(ExperimentDefinition.builder("x", "small").controlModel("small")
                .taskSet("study", 2).examples(3, null).build());
        assertThat(first.taskSet()).isEqualTo(new TaskSetRef("study", 2, 3, Sampling.first()));
        for (ExperimentPlan plan : List.of(sampled, first)) {
            io.mossa.contract.Violations violations = new io.mossa.contract.Violations();
            plan.check(violations);
            assertThat(violations.list()).as("cka-service's rules accept the plan").isEmpty();
        }

        ExperimentPlan versionOne = planner.plan(fromTaskSet("study", 1, "small", null));
        assertThat(versionOne.taskSet().version()).isEqualTo(1);
        assertThat(versionOne.tasks()).extracting(PlannedTask::name).containsExactly("alpha", "beta");
    }

    @Test
    void taskSetTasksTakeTheirControlFromControlModelsElseFromControlModel() {
        ExperimentPlan spec = planner.plan(fromTaskSet("study", null, "small", Map.of("beta", "deep")));
        assertThat(spec.tasks()).extracting(PlannedTask::controlModel).containsExactly("small", "deep", "small");
        assertThat(spec.layers().indices()).as("deep's 12 layers are cut to small's 6").hasSize(7);

        ExperimentPlan perTask = planner.plan(fromTaskSet("study", 1, null, Map.of("alpha", "deep", "beta", "small")));
        assertThat(perTask.tasks()).extracting(PlannedTask::controlModel).containsExactly("deep", "small");
    }

    @Test
    void taskSetProblemsNameTheField() {
        assertProblems(fromTaskSet("study", 7, "small", null),
                "taskSetVersion", "task set 'study' has no version 7; its latest is 2");
        assertProblems(fromTaskSet("study", 0, "small", null),
                "taskSetVersion", "must be a version number >= 1, was 0");
        assertProblems(fromTaskSet("nope", null, "small", null),
                "taskSet", "unknown task set 'nope'; known: hollow, study");
        assertProblems(fromTaskSet("study", 1, null, Map.of("alpha", "small", "omega", "nope")),
                "controlModels.omega", "task set 'study' version 1 has no task 'omega'",
                "controlModels.beta", "no control model: set controlModel, or controlModels for task 'beta'");
        assertProblems(fromTaskSet("study", 1, "small", Map.of("alpha", "nope")),
                "controlModels.alpha", "unknown model 'nope'; known models: small, deep, chat-a, chat-b, broken");
        assertProblems(fromTaskSet("hollow", null, "small", null),
                "taskSet", "task 'void' has no examples (an empty task)");
    }

    @Test
    void bundledDemoTaskSetResolvesThroughTheCatalog() throws Exception {
        ExperimentPlanner withCatalog = new ExperimentPlanner(EXTRACTOR,
                new CatalogTaskSource(new io.mossa.gateway.taskset.TaskSetCatalog()), limits(500, 10000, 20000));
        ExperimentPlan spec = withCatalog.plan(fromTaskSet("demo", null, "small", null));
        assertThat(spec.tasks()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(spec.tasks().stream().map(PlannedTask::cluster).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(spec.tasks()).allSatisfy(t -> assertThat(t.prompts()).hasSizeGreaterThanOrEqualTo(32));
        assertThat(spec.taskSet().id()).isEqualTo("demo");
        assertThat(spec.taskSet().version()).isNotNull();
    }

    @Test
    void demoExperimentOfTheApiDocsIsValid() throws Exception {
        try (var in = getClass().getResourceAsStream("/demo/demo-experiment.json")) {
            JsonNode demo = JsonMapper.builder().build().readTree(in);
            ExtractorClient extractor = new ExtractorClient(null) {
                @Override
                public List<ModelInfo> models() {
                    return List.of(
                            new ModelInfo("all-minilm-l6-v2", "onnx", "bert", 6, 384, "float32", 512, 30522, null,
                                    false, true, null),
                            new ModelInfo("all-minilm-l6-v2-q", "onnx", "bert", 6, 384, "int8", 512, 30522, null,
                                    false, true, null));
                }
            };
            ExperimentPlan spec = new ExperimentPlanner(extractor,
                    new CatalogTaskSource(new io.mossa.gateway.taskset.TaskSetCatalog()), limits(500, 10000, 20000))
                    .plan(demo);
            assertThat(spec.models().experimental()).isEqualTo("all-minilm-l6-v2-q");
        }
    }

    // ---- every wrong field at once

    @Test
    void reportsEveryWrongFieldAtOnce() {
        ObjectNode definition = body(ExperimentDefinition.builder("", "nope").baselineModel("broken")
                .tasks(List.of(task("a", null, "p1", "p2"), task("a", null, "only one"), task(" ", "small", "x", " ")))
                .layers(List.of(0, 7, 7, -1)).examples(4, null).build());
        definition.put("layerPairs", "diagonal").put("pooling", "max").put("visibility", "secret");
        assertThatThrownBy(() -> planner.plan(definition)).isInstanceOfSatisfying(ContractViolation.class, problem -> {
            assertThat(errors(problem)).extracting(e -> e.get("field")).contains("name", "experimentalModel",
                    "baselineModel", "pooling", "layerPairs", "visibility", "tasks[0].controlModel", "tasks[1].name",
                    "tasks[1].prompts", "tasks[2].name", "tasks[2].cluster", "tasks[2].prompts[1]", "examplesPerTask",
                    "layers[1]", "layers[2]", "layers[3]");
            assertThat(problem.getMessage())
                    .contains("experimentalModel: unknown model 'nope'; known models: small, deep, chat-a, chat-b, "
                            + "broken")
                    .contains("baselineModel: model 'broken' is unusable: config.json is missing")
                    .contains("layers[1]: layer 7 is out of range for model 'small' (valid: 0..6)")
                    .contains("layers[2]: duplicate layer 7")
                    .contains("layers[3]: must be a layer index >= 0, was -1")
                    .contains("tasks[1].name: duplicate task name 'a'")
                    .contains("tasks[1].prompts: must hold at least 2 examples (CKA needs two examples), has 1")
                    .contains("examplesPerTask: 4 is more than the 2 examples of task 'a' (tasks[0])")
                    .contains("visibility: must be one of [public, private], was 'secret'")
                    .contains("pooling: must be one of [last, mean], was 'max'");
        });
    }

    @Test
    void emptyTasksAndTaskListsAreNamed() {
        assertProblems(inline("x", "small", "small", List.of(task("a", null)), null),
                "tasks[0].prompts", "has no examples (an empty task)");
        assertProblems(inline("x", "small", "small", List.of(), null), "tasks", "must hold at least one task");
    }

    @Test
    void enforcesDocumentedLimits() {
        assertThatThrownBy(() -> tight.plan(inline("x", "small", "small",
                List.of(task("a", null, "1", "2"), task("b", null, "1", "2"), task("c", null, "1", "2"),
                        task("d", null, "1", "2", "3", "4", "5", "6")), null)))
                .hasMessageContaining("tasks: holds 4 tasks; the limit is 3")
                .hasMessageContaining("tasks[3].prompts: holds 6 prompts; the limit is 5");
        assertThatThrownBy(() -> tight.plan(inline("x", "small", "small",
                List.of(task("a", null, "y".repeat(101), "z")), null)))
                .hasMessageContaining("tasks[0].prompts[0]: has 101 characters; the limit is 100");
        assertProblems(inline("x".repeat(201), "small", "small", List.of(task("a", null, "1", "2")), null),
                "name", "must be at most 200 characters");
    }

    @Test
    void longErrorListsAreCut() {
        List<TaskDefinition> tasks = IntStream.range(0, 3)
                .mapToObj(i -> task("t" + i, null, " ", " ", " ", " ", " ", " ", " ", " ", " ", " ")).toList();
        // per task: one "holds 10 prompts; the limit is 5" and ten blank prompts: 33 problems in all
        assertThatThrownBy(() -> tight.plan(inline("x", "small", "small", tasks, null)))
                .isInstanceOfSatisfying(ContractViolation.class, problem -> {
                    assertThat(errors(problem)).hasSize(Violations.MAX_REPORTED);
                    assertThat(problem.getMessage()).endsWith("; and 8 more problems of the same kinds");
                });
    }

    @Test
    void taskSourceMustBeExactlyOne() {
        ExperimentDefinition both = ExperimentDefinition.builder("x", "small").controlModel("small")
                .taskSet("study", null).tasks(List.of(task("a", null, "1", "2"))).build();
        assertProblems(both, "taskSet", "give either taskSet or tasks, not both");
        assertProblems(inline("x", "small", "small", null, null), "tasks", "give a taskSet id or inline tasks");
        ExperimentDefinition strayOptions = ExperimentDefinition.builder("x", "small").controlModel("small")
                .controlModels(Map.of("a", "deep")).taskSet(null, 2).tasks(List.of(task("a", null, "1", "2"))).build();
        assertProblems(strayOptions, "taskSetVersion", "only applies with taskSet",
                "controlModels", "only applies with taskSet; give each inline task its own controlModel");
    }

    // ---- similarity and statistics: the rules of POST /api/v1/similarity

    @Test
    void similarityDefaultsAndKernelParameters() {
        CkaMeasure rbf = planner.plan(measured(CkaMeasure.of(KernelType.RBF, null), null, null)).measure()
                .withDefaults();
        assertThat(rbf.kernel()).isEqualTo(KernelType.RBF);
        assertThat(rbf.rbfThreshold()).isEqualTo(1.0);
        assertThat(rbf.degree()).isNull();
        ExperimentPlan polynomial = planner.plan(measured(CkaMeasure.polynomial(2, 0.5)
                .withEstimator(EstimatorType.DEBIASED), new Statistics(100, 50, 0.9, 7L), null));
        CkaMeasure measure = polynomial.measure().withDefaults();
        Statistics statistics = polynomial.statistics().withDefaults();
        assertThat(List.of(measure.degree(), statistics.permutations(), statistics.bootstrap())).containsExactly(2,
                100, 50);
        assertThat(measure.coef0()).isEqualTo(0.5);
        assertThat(statistics.confidence()).isEqualTo(0.9);
        assertThat(statistics.seed()).isEqualTo(7L);
        assertThat(measure.estimator()).isEqualTo(EstimatorType.DEBIASED);
    }

    @Test
    void similarityRulesNameTheField() {
        ObjectNode wrongNames = body(measured(CkaMeasure.defaults(), null, null));
        wrongNames.putObject("similarity").put("kernel", "cosine").put("estimator", "unbiased");
        assertProblems(wrongNames,
                "similarity.kernel", "must be one of [linear, rbf, polynomial], was 'cosine'",
                "similarity.estimator", "must be one of [biased, debiased], was 'unbiased'");
        assertProblems(measured(new CkaMeasure(KernelType.LINEAR, null, 0.5, 3, 1.0), null, null),
                "similarity.rbfThreshold", "only applies to kernel 'rbf', the kernel is 'linear'",
                "similarity.degree", "only applies to kernel 'polynomial', the kernel is 'linear'",
                "similarity.coef0", "only applies to kernel 'polynomial', the kernel is 'linear'");
        assertProblems(measured(CkaMeasure.rbf(-1.0), null, null),
                "similarity.rbfThreshold", "must be a positive finite number, was -1.0");
        assertProblems(measured(CkaMeasure.polynomial(11, 1.0), null, null),
                "similarity.degree", "must be 1..10, was 11");
        // JSON has no NaN: the strict reader refuses the token (written as "NaN") before the planner sees it
        assertProblems(measured(CkaMeasure.polynomial(3, Double.NaN), null, null),
                "similarity.coef0", "out of range: must be a finite number");
    }

    @Test
    void statisticsRulesNameTheField() {
        assertProblems(measured(null, new Statistics(0, 100, null, null), null),
                "statistics.bootstrap", "intervals need similarity.estimator 'debiased': biased CKA grows as n "
                        + "shrinks, so values on resampled inputs do not estimate the spread of the full-sample value");
        assertProblems(measured(null, new Statistics(10_001, -1, null, null), null),
                "statistics.permutations", "must be 0..10000, was 10001",
                "statistics.bootstrap", "must be 0..10000, was -1");
        assertProblems(measured(null, new Statistics(0, 0, 0.9, 3L), null),
                "statistics.confidence", "only applies with bootstrap > 0 (it is the level of the intervals)",
                "statistics.seed", "only applies with permutations or bootstrap > 0");
        assertProblems(measured(CkaMeasure.of(null, EstimatorType.DEBIASED), new Statistics(0, 10, 1.0, null),
                null), "statistics.confidence", "must be between 0 and 1 (exclusive), was 1.0");
        // permutation p-values are defined for the biased estimator too
        assertThat(planner.plan(measured(null, new Statistics(10, null, null, 1L), null)).statistics()
                .withDefaults().permutations()).isEqualTo(10);
    }

    @Test
    void debiasedEstimatorNeedsFourExamples() {
        CkaMeasure debiased = CkaMeasure.of(null, EstimatorType.DEBIASED);
        assertProblems(measured(debiased, null, 3), "examplesPerTask",
                "must be at least 4 (the debiased estimator needs 4 examples), was 3");
        assertProblems(inline("x", "small", "small", List.of(task("a", null, "1", "2", "3")), null, debiased),
                "tasks[0].prompts", "must hold at least 4 examples (the debiased estimator needs 4 examples), has 3");
        assertProblems(ExperimentDefinition.builder("x", "small").controlModel("small").taskSet("study", null)
                        .measure(debiased, null).build(),
                "taskSet", "task 'gamma' must hold at least 4 examples (the debiased estimator needs 4 examples), has 3");
        assertProblems(measured(null, null, 1), "examplesPerTask", "must be at least 2 (CKA needs two examples), was 1");
        assertProblems(measured(debiased, new Statistics(null, 10, null, null), 6), "examplesPerTask",
                "must be at least 8 (bootstrap intervals subsample n/2 examples, and the debiased estimator needs 4), "
                        + "was 6");
    }

    @Test
    void examplesPerTaskLargerThanATaskOfTheSetNamesTheTask() {
        assertProblems(ExperimentDefinition.builder("x", "small").controlModel("small").taskSet("study", null)
                        .examples(4, null).build(),
                "examplesPerTask", "4 is more than the 3 examples of task 'gamma'");
    }

    // ---- chat template

    @Test
    void chatTemplateNeedsATemplateInEveryModel() {
        ExperimentPlan spec = planner.plan(chat("chat-a", "chat-b", true, "Be brief."));
        assertThat(spec.promptFormat().chatTemplate()).isTrue();
        assertThat(spec.promptFormat().systemPrompt()).isEqualTo("Be brief.");
        assertProblems(chat("chat-a", "small", true, null),
                "chatTemplate", "model 'small' has no chat template; use models that have one (chatTemplate in GET "
                        + "/api/v1/models) or put the formatted prompts in the tasks");
        assertProblems(chat("chat-a", "chat-b", false, "Be brief."),
                "systemPrompt", "only applies with chatTemplate: true");
    }

    // ---- sampling

    @Test
    void firstSamplingTakesTheFirstN() {
        ExperimentPlan spec = planner.plan(sampled(3, Sampling.first()));
        assertThat(spec.tasks().get(0).prompts()).containsExactly("e0", "e1", "e2");
        assertThat(planner.plan(sampled(3, null)).tasks().get(0).prompts()).containsExactly("e0", "e1", "e2");
    }

    @Test
    void randomSamplingIsASeededSubsetInTheOriginalOrder() {
        List<String> examples = examples(5);
        List<String> a = planner.plan(sampled(3, Sampling.random(11L))).tasks().get(0).prompts();
        List<String> again = planner.plan(sampled(3, Sampling.random(11L))).tasks().get(0).prompts();
        assertThat(again).as("same seed, same sample").isEqualTo(a);
        assertThat(a).hasSize(3).doesNotHaveDuplicates();
        assertThat(examples).as("a subset").containsAll(a);
        List<Integer> positions = a.stream().map(examples::indexOf).toList();
        assertThat(positions).as("in the task's order").isSorted();

        List<String> many = examples(40);
        int[] one = ExampleSampler.randomPositions(many.size(), 10, 1);
        int[] two = ExampleSampler.randomPositions(many.size(), 10, 2);
        assertThat(one).as("different seeds, different samples").isNotEqualTo(two);
        assertThat(ExampleSampler.choose(many, 40, Sampling.random(5))).as("n = all: every example").isEqualTo(many);
    }

    /**
     * Over many seeds every 3-subset of 6 examples must come up about equally often. The chi-square statistic
     * over the 20 subsets has 19 degrees of freedom: mean 19, standard deviation sqrt(2 x 19) = 6.2; a uniform
     * sampler stays below mean + 6 sd with near certainty, while one that favours a few subsets goes far past it.
     */
    @Test
    void randomSamplingIsUniformOverSubsets() {
        int size = 6;
        int n = 3;
        int seeds = 20_000;
        Map<String, Integer> counts = new HashMap<>();
        int[] inclusions = new int[size];
        for (long seed = 0; seed < seeds; seed++) {
            int[] positions = ExampleSampler.randomPositions(size, n, seed);
            assertThat(positions).hasSize(n).isSorted();
            counts.merge(Arrays.toString(positions), 1, Integer::sum);
            for (int p : positions) {
                inclusions[p]++;
            }
        }
        int subsets = 20; // 6 choose 3
        assertThat(counts).as("every subset can come up").hasSize(subsets);
        double expected = (double) seeds / subsets;
        double chiSquare = counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        int df = subsets - 1;
        assertThat(chiSquare).isLessThan(df + 6 * Math.sqrt(2.0 * df));
        // each position is in the sample with probability n/size; binomial sd = sqrt(seeds p (1-p))
        double p = (double) n / size;
        for (int count : inclusions) {
            assertThat(Math.abs(count - seeds * p)).isLessThan(6 * Math.sqrt(seeds * p * (1 - p)));
        }
    }

    @Test
    void samplingRulesNameTheField() {
        assertProblems(sampled(null, Sampling.random(1L)),
                "sampling", "only applies with examplesPerTask (without it every example is used)");
        assertProblems(sampled(3, new Sampling(SamplingMethod.FIRST, 1L)),
                "sampling.seed", "only applies to method 'random', the method is 'first'");
        ObjectNode shuffled = body(sampled(3, Sampling.first()));
        ((ObjectNode) shuffled.get("sampling")).put("method", "shuffle");
        assertProblems(shuffled,
                "sampling.method", "must be one of [first, random], was 'shuffle'");
    }

    // ---- strict reading

    @Test
    void unknownFieldsAreRefusedByPath() throws Exception {
        String body = """
                {"name": "x", "experimentalModel": "small", "controlModel": "small", "examplesPerTsk": 4,
                 "tasks": [{"name": "a", "cluster": "c", "prompts": ["1", "2"], "promts": []}],
                 "similarity": {"kernel": "linear", "sigma": 1}}""";
        assertThatThrownBy(() -> planner.plan(JsonMapper.builder().build().readTree(body)))
                .isInstanceOfSatisfying(ContractViolation.class, problem -> {
                    assertThat(errors(problem)).extracting(e -> e.get("field"))
                            .containsExactlyInAnyOrder("examplesPerTsk", "tasks[0].promts", "similarity.sigma");
                    assertThat(problem.getMessage()).contains("examplesPerTsk: unknown field");
                });
        assertThatThrownBy(() -> planner.plan(JsonMapper.builder().build().readTree(
                "{\"name\": \"x\", \"layers\": [0, \"one\"]}")))
                .isInstanceOfSatisfying(ContractViolation.class, problem ->
                        assertThat(errors(problem)).extracting(e -> e.get("field")).containsExactly("layers[1]"));
        assertThatThrownBy(() -> planner.plan(JsonMapper.builder().build().readTree("[1]")))
                .hasMessageContaining("body: must be a JSON object");
        assertThatThrownBy(() -> planner.plan(JsonMapper.builder().build().readTree(
                "{\"name\": \"x\", \"similarity\": {\"kernel\": 1}}")))
                .as("an enum is never read from its ordinal").isInstanceOf(ContractViolation.class)
                .hasMessageContaining("similarity.kernel");
    }

    // ---- helpers

    private static void assertProblems(ExperimentDefinition definition, String... fieldsAndMessages) {
        assertProblems(body(definition), fieldsAndMessages);
    }

    /** The body as the API reads it: through the strict reader, then the planner. */
    private static void assertProblems(JsonNode body, String... fieldsAndMessages) {
        ExperimentPlanner planner = planner(3, 50, 100);
        assertThatThrownBy(() -> planner.plan(body)).isInstanceOfSatisfying(ContractViolation.class, problem -> {
            List<Map<String, String>> expected = new ArrayList<>();
            for (int i = 0; i < fieldsAndMessages.length; i += 2) {
                expected.add(Map.of("field", fieldsAndMessages[i], "message", fieldsAndMessages[i + 1]));
            }
            assertThat(errors(problem)).as(problem.getMessage()).containsAll(expected);
        });
    }

    private static List<Map<String, String>> errors(ContractViolation problem) {
        return problem.errors().stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList();
    }

    /** The definition as a JSON body, to be edited where the typed record cannot go (a misspelt name). */
    private static ObjectNode body(ExperimentDefinition definition) {
        return (ObjectNode) JsonMapper.builder().build().valueToTree(definition);
    }

    private static ExperimentDefinition inline(String name, String e, String c, List<TaskDefinition> tasks,
            Integer n) {
        return inline(name, e, c, tasks, n, null);
    }

    private static ExperimentDefinition inline(String name, String e, String c, List<TaskDefinition> tasks,
            Integer n, CkaMeasure similarity) {
        return ExperimentDefinition.builder(name, e).controlModel(c).tasks(tasks).examples(n, null)
                .measure(similarity, null).build();
    }

    private static ExperimentDefinition fromTaskSet(String id, Integer version, String control,
            Map<String, String> controls) {
        return ExperimentDefinition.builder("x", "small").controlModel(control).taskSet(id, version)
                .controlModels(controls == null ? null : new LinkedHashMap<>(controls)).build();
    }

    private static ExperimentDefinition measured(CkaMeasure similarity, Statistics statistics, Integer n) {
        return ExperimentDefinition.builder("x", "small").controlModel("small")
                .tasks(List.of(new TaskDefinition("a", "c", null, examples(8), null, null))).examples(n, null)
                .measure(similarity, statistics).build();
    }

    private static ExperimentDefinition chat(String e, String c, Boolean chatTemplate, String systemPrompt) {
        return ExperimentDefinition.builder("x", e).controlModel(c).tasks(List.of(task("a", null, "1", "2")))
                .chatTemplate(chatTemplate, systemPrompt).build();
    }

    private static ExperimentDefinition sampled(Integer n, Sampling sampling) {
        return ExperimentDefinition.builder("x", "small").controlModel("small")
                .tasks(List.of(new TaskDefinition("a", "c", null, examples(5), null, null))).examples(n, sampling)
                .build();
    }

    private static List<String> examples(int count) {
        return IntStream.range(0, count).mapToObj(i -> "e" + i).toList();
    }

    private static TaskDefinition task(String name, String control, String... prompts) {
        return new TaskDefinition(name, name.isBlank() ? "" : "cluster-" + name, control, List.of(prompts), null, null);
    }

    /** A task of a stored task set: its examples stay in the store, the planner sees their number. */
    private static TaskSource.Task setTask(String name, String cluster, String split, boolean heldOut, int examples) {
        return new TaskSource.Task(name, cluster, split, heldOut, examples, null);
    }

    private static GatewayProperties limits(int maxTasks, int maxPrompts, int maxPromptChars) {
        return new GatewayProperties(URI.create("http://x"), URI.create("http://y"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1_000_000, maxTasks, maxPrompts, maxPromptChars, 1_000_000,
                Duration.ofSeconds(1), 1_000_000);
    }
}
