package io.mossa.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OpenAPI checks find what they are for: invalid documents, undocumented problems, examples that are not JSON. */
class OpenApiChecksTest {

    private static final String PROBLEM = "{\"description\":\"bad\",\"content\":{\"application/problem+json\":"
            + "{\"schema\":{\"type\":\"object\"}}}}";

    private static String document(String responses, String example) {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/x\":{\"post\":{"
                + "\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\"},"
                + "\"example\":" + example + "}}},\"responses\":{" + responses + "}}}}}";
    }

    @Test
    void aDocumentWithProblemsAndJsonExamplesPasses() {
        assertThat(OpenApiChecks.problems(document("\"200\":{\"description\":\"ok\"},\"400\":" + PROBLEM,
                "\"{\\\"a\\\": 1}\""))).isEmpty();
    }

    @Test
    void eachShortcomingIsReported() {
        assertThat(OpenApiChecks.problems(document("\"200\":{\"description\":\"ok\"}", "{\"a\":1}")))
                .containsExactly("POST /x: no 4xx response with application/problem+json content");
        assertThat(OpenApiChecks.problems(document("\"200\":{\"description\":\"ok\"},\"400\":"
                + "{\"description\":\"bad\",\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\"}}}}",
                "{}"))).containsExactly("POST /x: no 4xx response with application/problem+json content");
        assertThat(OpenApiChecks.problems(document("\"200\":{\"description\":\"ok\"},\"400\":" + PROBLEM,
                "\"{a: 1\"")))
                .singleElement().asString().startsWith("POST /x: request example 'example' (application/json) is not JSON");
        assertThat(OpenApiChecks.problems(document("\"400\":" + PROBLEM, "{}").replace("\"info\"", "\"inf\"")))
                .anyMatch(p -> p.startsWith("parser: ") && p.contains("info"))
                .anyMatch(p -> p.startsWith("openapi-spec-validator: ") && p.contains("info"));
        assertThat(OpenApiChecks.problems(document("\"400\":" + PROBLEM, "{}")))
                .containsExactly("POST /x: no success response documented");
        String stringDefault = document("\"200\":{\"description\":\"ok\"},\"400\":" + PROBLEM, "{}")
                .replace("\"post\":{", "\"post\":{\"parameters\":[{\"name\":\"c\",\"in\":\"query\","
                        + "\"schema\":{\"type\":\"number\",\"default\":\"0.95\"}}],");
        assertThat(OpenApiChecks.problems(stringDefault)).anyMatch(p -> p.startsWith("openapi-spec-validator: ")
                && p.contains("'0.95' is not of type 'number'"));
        String frameworkType = document("\"200\":{\"description\":\"ok\"},\"400\":" + PROBLEM, "{}")
                .replace("\"paths\"", "\"components\":{\"schemas\":{\"JsonNode\":{\"type\":\"object\"}}},\"paths\"");
        assertThat(OpenApiChecks.problems(frameworkType))
                .containsExactly("framework type 'JsonNode' is documented as an API schema");
    }
}
