package io.mossa.web.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Each kind of odd input is refused with the field's path and a message in JSON terms, never a Java name. */
class StrictJsonTest {

    enum Pooling { MEAN, LAST }

    record Inner(List<Integer> layers) {
    }

    record Body(String name, int count, long big, Double ratio, boolean flag, Pooling pooling, Inner inner,
            Map<String, String> labels) {
    }

    private static JsonProblems.FieldProblem refusal(String json) {
        JacksonException e = catchThrowableOfType(JacksonException.class,
                () -> StrictJson.mapper().readValue(json, Body.class));
        assertThat(e).as(json).isNotNull();
        JsonProblems.FieldProblem problem = JsonProblems.describe(e);
        assertThat(problem.message()).doesNotContain("io.mossa", "java.", "StrictJsonTest", "Pooling", "$",
                "Source:");
        return problem;
    }

    @Test
    void aWellFormedBodyIsRead() {
        Body body = StrictJson.mapper().readValue("{\"name\":\"a\\u00e9\\ud83d\\ude00\",\"count\":2,\"big\":"
                + "9007199254740993,\"ratio\":0.5,\"flag\":true,\"pooling\":\"MEAN\",\"inner\":{\"layers\":[0,3]},"
                + "\"labels\":{\"k\":\"v\"}}", Body.class);
        assertThat(body.name()).isEqualTo("a\u00e9\uD83D\uDE00");
        assertThat(body.big()).isEqualTo(9007199254740993L);
        assertThat(body.inner().layers()).containsExactly(0, 3);
    }

    @Test
    void wrongTypesAreNamedByField() {
        assertThat(refusal("{\"name\":5}")).isEqualTo(new JsonProblems.FieldProblem("name", "must be a string"));
        assertThat(refusal("{\"name\":true}")).isEqualTo(new JsonProblems.FieldProblem("name", "must be a string"));
        assertThat(refusal("{\"count\":\"5\"}")).isEqualTo(new JsonProblems.FieldProblem("count",
                "must be an integer"));
        assertThat(refusal("{\"flag\":1}")).isEqualTo(new JsonProblems.FieldProblem("flag", "must be true or false"));
        assertThat(refusal("{\"inner\":7}")).isEqualTo(new JsonProblems.FieldProblem("inner", "must be an object"));
        assertThat(refusal("{\"pooling\":0}").field()).isEqualTo("pooling");
        assertThat(refusal("{\"pooling\":\"median\"}")).isEqualTo(new JsonProblems.FieldProblem("pooling",
                "must be one of [MEAN, LAST]"));
    }

    @Test
    void fractionsAreNotIntegersAndRangesAreChecked() {
        assertThat(refusal("{\"inner\":{\"layers\":[1.9]}}")).isEqualTo(new JsonProblems.FieldProblem(
                "inner.layers[0]", "must be an integer"));
        assertThat(refusal("{\"count\":2147483648}")).isEqualTo(new JsonProblems.FieldProblem("count",
                "out of range: must be an integer from -2147483648 to 2147483647"));
        assertThat(refusal("{\"big\":9223372036854775808}").message()).startsWith("out of range");
        assertThat(refusal("{\"ratio\":1e400}")).isEqualTo(new JsonProblems.FieldProblem("ratio",
                "out of range: must be a finite number"));
    }

    @Test
    void nullsInArraysUnknownFieldsAndDuplicateKeysAreRefused() {
        assertThat(refusal("{\"inner\":{\"layers\":[null]}}")).isEqualTo(new JsonProblems.FieldProblem(
                "inner.layers[0]", "must not be null"));
        assertThat(refusal("{\"count\":null}")).isEqualTo(new JsonProblems.FieldProblem("count",
                "is required: must not be null or missing"));
        assertThat(refusal("{\"count\":1,\"big\":2,\"flag\":true,\"nmae\":\"a\"}")).isEqualTo(new JsonProblems.FieldProblem("nmae", "unknown field"));
        assertThat(refusal("{\"name\":\"a\",\"name\":\"b\"}").message()).contains("Duplicate", "\"name\"");
        JacksonException tree = catchThrowableOfType(JacksonException.class,
                () -> StrictJson.mapper().readValue("{\"a\":1,\"a\":2}", JsonNode.class));
        assertThat(tree).isNotNull();
    }

    @Test
    void textThatCannotBeStoredUnchangedIsRefused() {
        assertThat(refusal("{\"name\":\"a\\u0000b\"}")).isEqualTo(new JsonProblems.FieldProblem("name",
                "must not contain the NUL character (U+0000, at index 1)"));
        assertThat(refusal("{\"labels\":{\"k\":\"\\ud800\"}}")).isEqualTo(new JsonProblems.FieldProblem("labels.k",
                "must not contain a lone UTF-16 surrogate (U+D800, at index 0)"));
        assertThat(refusal("{\"name\":\"x\\udc00\"}").message()).contains("U+DC00", "index 1");
    }

    @Test
    void malformedJsonSaysWhere() {
        JsonProblems.FieldProblem problem = refusal("{\"name\": ");
        assertThat(problem.field()).isEqualTo("body");
        assertThat(problem.message()).contains("line 1");
    }

    @Test
    void scrubbingRemovesJavaNames() {
        assertThat(JsonProblems.scrub("Cannot construct instance of `io.mossa.gateway.X$Sampling` from "
                + "java.lang.Integer")).isEqualTo("Cannot construct instance of the expected type from the expected type");
    }
}
