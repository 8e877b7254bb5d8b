package io.mossa.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.experiment.ExperimentDefinition.TaskDefinition;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.taskset.TaskSetCatalog;
import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.web.problem.ApiProblem;

/** Validation and resolution rules, with the extractor's model list given as data. */
class ExperimentPlannerTest {

    private static final List<ModelInfo> MODELS = List.of(
            new ModelInfo("small", "onnx", "bert", 6, 384, "float32", 512, 30522, false, true, null),
            new ModelInfo("deep", "onnx", "bert", 12, 384, "float32", 512, 30522, false, true, null),
            new ModelInfo("broken", "onnx", null, null, null, null, null, null, false, false, "config.json is missing"));

    private final ExperimentPlanner planner = planner(3, 5, 100);

    private static ExperimentPlanner planner(int maxTasks, int maxPrompts, int maxPromptChars) {
        ExtractorClient extractor = new ExtractorClient(null) {
            @Override
            public List<ModelInfo> models() {
                return MODELS;
            }
        };
        GatewayProperties limits = new GatewayProperties(URI.create("http://x"), URI.create("http://y"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1_000_000, maxTasks, maxPrompts, maxPromptChars, 1_000_000,
                Duration.ofSeconds(1));
        try {
            return new ExperimentPlanner(extractor, new TaskSetCatalog(), limits);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void resolvesDefaultsControlsAndExamples() {
        ExperimentSpec spec = planner.plan(new ExperimentDefinition("  study ", "deep", "small", null, null,
                List.of(task("a", null, "p1", "p2", "p3"), task("b", "deep", "q1", "q2", "q3")),
                null, null, null, 2));
        assertThat(spec.name()).isEqualTo("study");
        assertThat(spec.layers()).as("layers every involved model has").containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(spec.pooling()).isEqualTo("last");
        assertThat(spec.layerPairs()).isEqualTo("same");
        assertThat(spec.tasks()).extracting(ExperimentSpec.Task::controlModel).containsExactly("small", "deep");
        assertThat(spec.tasks().get(0).prompts()).containsExactly("p1", "p2");
    }

    @Test
    void bundledDemoTaskSetResolves() {
        ExperimentSpec spec = planner(500, 10000, 20000).plan(new ExperimentDefinition("demo", "small", "small", null,
                "demo", null,
                List.of(6), "all", "mean", null));
        assertThat(spec.tasks()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(spec.tasks().stream().map(ExperimentSpec.Task::cluster).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(spec.tasks()).allSatisfy(t -> assertThat(t.prompts()).hasSizeGreaterThanOrEqualTo(32));
    }

    @Test
    void reportsEveryWrongFieldAtOnce() {
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("", "nope", null, "broken", null,
                List.of(task("a", null, "p1", "p2"), task("a", null, "only one"), task(" ", "small", "x", " ")),
                List.of(0, 7, 7, -1), "diagonal", "max", 4)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(400);
                    @SuppressWarnings("unchecked")
                    List<Map<String, String>> errors = (List<Map<String, String>>) problem.getBody().getProperties()
                            .get("errors");
                    assertThat(errors).extracting(e -> e.get("field")).contains("name", "experimentalModel",
                            "baselineModel", "pooling", "layerPairs", "tasks[0].controlModel", "tasks[1].name",
                            "tasks[1].prompts", "tasks[2].name", "tasks[2].cluster", "tasks[2].prompts[1]",
                            "examplesPerTask", "layers[1]", "layers[2]", "layers[3]");
                    assertThat(problem.getBody().getDetail())
                            .contains("unknown model 'nope'; known models: small, deep, broken")
                            .contains("model 'broken' is unusable: config.json is missing")
                            .contains("layer 7 is out of range for model 'small' (valid: 0..6)")
                            .contains("duplicate layer 7")
                            .contains("duplicate task name 'a'")
                            .contains("4 is more than the 2 prompts of tasks[0]");
                });
    }

    @Test
    void enforcesDocumentedLimits() {
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, null,
                List.of(task("a", null, "1", "2"), task("b", null, "1", "2"), task("c", null, "1", "2"),
                        task("d", null, "1", "2", "3", "4", "5", "6")), null, null, null, null)))
                .hasMessageContaining("tasks: holds 4 tasks; the limit is 3")
                .hasMessageContaining("tasks[3].prompts: holds 6 prompts; the limit is 5");
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, null,
                List.of(task("a", null, "y".repeat(101), "z")), null, null, null, null)))
                .hasMessageContaining("tasks[0].prompts[0]: has 101 characters; the limit is 100");
    }

    @Test
    void longErrorListsAreCut() {
        List<TaskDefinition> tasks = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> task("t" + i, null, " ", " ", " ", " ", " ", " ", " ", " ", " ", " ")).toList();
        // per task: one "holds 10 prompts; the limit is 5" and ten blank prompts: 33 problems in all
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, null, tasks,
                null, null, null, null)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat((List<?>) problem.getBody().getProperties().get("errors"))
                            .hasSize(FieldErrors.MAX_REPORTED);
                    assertThat(problem.getBody().getDetail()).endsWith("; and 8 more problems of the same kinds");
                });
    }

    @Test
    void taskSourceMustBeExactlyOne() {
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, "demo",
                List.of(task("a", null, "1", "2")), null, null, null, null)))
                .hasMessageContaining("taskSet: give either taskSet or tasks, not both");
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, "nope",
                null, null, null, null, null)))
                .hasMessageContaining("unknown task set 'nope'; known: demo");
        assertThatThrownBy(() -> planner.plan(new ExperimentDefinition("x", "small", "small", null, null,
                null, null, null, null, null)))
                .hasMessageContaining("tasks: give a taskSet id or inline tasks");
    }

    private static TaskDefinition task(String name, String control, String... prompts) {
        return new TaskDefinition(name, name.isBlank() ? "" : "cluster-" + name, control, List.of(prompts));
    }
}
