package io.mossa.gateway.taskset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mossa.contract.ContractViolation;
import io.mossa.contract.Violations;

/** Every rule's message, and that all problems of a definition are reported together. */
class TaskSetValidatorTest {

    private final TaskSetValidator validator = new TaskSetValidator(new TaskSetValidator.Limits(3, 4, 30));

    private static TaskSet.Task templated(String name, List<String> templates, List<Map<String, String>> examples) {
        return new TaskSet.Task(name, "c", null, false, null, templates, examples, null);
    }

    private static Map<String, String> ex(String... kv) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private List<String> errors(TaskSet taskSet) {
        Violations errors = new Violations();
        validator.validate(taskSet, errors);
        return errors.list().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void validSetPasses() {
        TaskSet ok = new TaskSet("set-1.v2_x", 0, "d", List.of(
                templated("a", List.of("Q: {q}", "{q}?"), List.of(ex("q", "1"), ex("q", "2"), ex("q", "3"))),
                new TaskSet.Task("b", "c", null, List.of("p1", "p2"))));
        assertThat(errors(ok)).isEmpty();
    }

    @Test
    void everyProblemOfADefinitionIsReportedAtOnce() {
        List<TaskSet.Task> tasks = new ArrayList<>();
        tasks.add(new TaskSet.Task(" ", "c", null, List.of("p1", "p2")));
        tasks.add(new TaskSet.Task("a", null, null, List.of("p1", "p2")));
        tasks.add(new TaskSet.Task("a", "c", null, List.of("p1", " ")));
        tasks.add(new TaskSet.Task("e", "c", null, List.of()));
        TaskSet bad = new TaskSet("Bad Id", 0, null, tasks);
        assertThat(errors(bad)).containsExactly(
                "id: must match [a-z0-9][a-z0-9._-]{0,63} (lower case), was 'Bad Id'",
                "tasks: holds 4 tasks; the limit is 3",
                "tasks[0].name: must not be blank",
                "tasks[1].cluster: missing: every task belongs to a cluster",
                "tasks[2].name: duplicate task name 'a'",
                "tasks[2].prompts[1]: must not be blank",
                "tasks[3].prompts: empty task: holds no prompts");
    }

    @Test
    void emptyAndMixedTasks() {
        TaskSet set = new TaskSet("s", 0, null, List.of(
                new TaskSet.Task("none", "c", null, false, null, null, null, null),
                new TaskSet.Task("both", "c", null, false, null, List.of("{q}"), List.of(ex("q", "1")), List.of("p")),
                new TaskSet.Task("templates-only", "c", null, false, null, List.of("{q}"), null, null)));
        assertThat(errors(set)).containsExactly(
                "tasks[0]: empty task: give examples with templates, or prompts",
                "tasks[1]: give either prompts or examples with templates, not both",
                "tasks[2].examples: empty task: the templates have no examples to fill");
        assertThat(errors(new TaskSet("s", 0, null, List.of()))).containsExactly("tasks: must hold at least one task");
    }

    @Test
    void templateProblemsNameTaskTemplateAndExample() {
        TaskSet set = new TaskSet("s", 0, null, List.of(
                templated("t", List.of("Q: {q}", "{q} / {answer}", "broken {"),
                        List.of(ex("q", "1"), ex("q", "2", "answer", "x"), ex("q", "3"), ex("q", "4"))),
                templated("u", List.of(), List.of(ex("q", "1"), ex("q", "2")))));
        assertThat(errors(set)).containsExactly(
                "tasks[0].templates[2]: unclosed '{' at character 8; write '{{' for a literal brace",
                "tasks[1].templates: examples need at least one template");
        // with the broken template fixed, the missing placeholder is found: examples 0, 2 and 3 lack {answer}
        TaskSet fixed = new TaskSet("s", 0, null, List.of(templated("t", List.of("Q: {q}", "{q} / {answer}"),
                List.of(ex("q", "1"), ex("q", "2", "answer", "x"), ex("q", "3"), ex("q", "4")))));
        assertThat(errors(fixed)).containsExactly("tasks[0].templates[1]: placeholder {answer} is missing "
                + "from example 0 of task 't' and 2 more examples; fields of that example: q");
    }

    @Test
    void renderedPromptsAreCheckedAgainstTheLimits() {
        // limit 30 characters; template 1 renders example 1 to 5 + 28 = 33 characters; example 2 renders blank
        TaskSet set = new TaskSet("s", 0, null, List.of(templated("t", List.of("{q}", "long {q}"),
                List.of(ex("q", "ok"), ex("q", "x".repeat(28)), ex("q", " "), ex("q", "fine")))));
        assertThat(errors(set)).containsExactly(
                "tasks[0].examples[1]: renders with templates[1] to 33 characters; the limit is 30",
                "tasks[0].examples[2]: renders with templates[0] to a blank prompt");
    }

    @Test
    void exampleCountsAndFields() {
        TaskSet set = new TaskSet("s", 0, null, List.of(
                templated("one", List.of("{q}"), List.of(ex("q", "1"))),
                templated("many", List.of("{q}"), Arrays.asList(ex("q", "1"), ex("q", "2"), ex("q", "3"),
                        ex("q", "4"), ex("q", "5"))),
                templated("holes", List.of("{q}"), Arrays.asList(ex("q", "1"), ex(), ex("q", null)))));
        assertThat(errors(set)).containsExactly(
                "tasks[0].examples: holds only one; CKA needs at least 2 examples",
                "tasks[1].examples: holds 5 examples; the limit is 4",
                "tasks[2].examples[1]: must have at least one field",
                "tasks[2].examples[2]: field 'q' has no value; give a string, number or boolean");
    }

    @Test
    void problemsBecomeOneBadRequestWithTheirFields() {
        Violations errors = new Violations();
        validator.validate(new TaskSet("s", 0, null, List.of(new TaskSet.Task("a/b", "c", null, List.of("p", "q")))),
                errors);
        // the web edge answers a ContractViolation as a 400 with these errors (TaskSetApiTest)
        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(ContractViolation.class, p -> {
            assertThat(p.getMessage()).isEqualTo(
                    "tasks[0].name: must not contain '/' (task names appear in URL paths), was 'a/b'");
            assertThat(p.errors()).isEqualTo(List.of(new ContractViolation.FieldError("tasks[0].name",
                    "must not contain '/' (task names appear in URL paths), was 'a/b'")));
        });
    }
}
