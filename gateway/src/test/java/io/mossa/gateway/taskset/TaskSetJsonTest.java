package io.mossa.gateway.taskset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mossa.contract.Violations;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON shape of task sets, and the built-in demo set. */
class TaskSetJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void definitionReadsAndWritesBackWithoutRenderedPrompts() {
        TaskSet read = JSON.readValue("""
                {"id": "s", "version": 7, "tasks": [
                  {"name": "t", "cluster": "c", "split": "test", "heldOut": true, "templates": ["Q: {q}"],
                   "examples": [{"q": "a", "n": 3, "b": false}, {"q": "b"}], "unknown": 1},
                  {"name": "u", "cluster": "c", "prompts": ["p1", "p2"]}]}""", TaskSet.class);
        TaskSet.Task t = read.tasks().get(0);
        assertThat(t.heldOut()).isTrue();
        assertThat(t.examples().get(0)).isEqualTo(Map.of("q", "a", "n", "3", "b", "false"));
        assertThat(t.prompts()).containsExactly("Q: a", "Q: b");
        assertThat(read.tasks().get(1).heldOut()).isFalse();
        assertThat(read.tasks().get(1).prompts()).containsExactly("p1", "p2");

        JsonNode written = JSON.readTree(JSON.writeValueAsString(read));
        assertThat(written.get("tasks").get(0).has("prompts")).as("rendered prompts are not written").isFalse();
        assertThat(written.get("tasks").get(0).has("usesTemplates")).isFalse();
        assertThat(written.get("tasks").get(1).get("prompts").size()).isEqualTo(2);
        assertThat(written.get("tasks").get(1).has("examples")).isFalse();
        assertThat(written.has("createdAt")).isFalse();
        assertThat(written.has("document")).isFalse();
        assertThat(JSON.readValue(JSON.writeValueAsString(read), TaskSet.class)).isEqualTo(read);
    }

    @Test
    void builtInDemoIsValidUnderTheDefaultLimits() throws Exception {
        TaskSetCatalog catalog = new TaskSetCatalog();
        TaskSet demo = catalog.find("demo").orElseThrow();
        assertThat(catalog.find("demo", demo.version())).contains(demo);
        assertThat(catalog.find("demo", demo.version() + 1)).isEmpty();
        assertThat(catalog.ids()).containsExactly("demo");
        Violations errors = new Violations();
        new TaskSetValidator(new TaskSetValidator.Limits(500, 10000, 20000)).validate(demo, errors);
        assertThat(errors.list()).isEmpty();
        TaskSet.Summary summary = catalog.summaries().get(0);
        assertThat(summary.builtIn()).isTrue();
        assertThat(summary.tasks()).isEqualTo(demo.tasks().size());
        assertThat(summary.clusters()).isEqualTo(demo.tasks().stream().map(TaskSet.Task::cluster).distinct().toList());
        assertThat(List.copyOf(catalog.all())).containsExactly(demo);
    }
}
