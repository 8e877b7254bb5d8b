package io.mossa.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import io.mossa.web.problem.OpenApiChecks;

/**
 * The extractor's internal OpenAPI document meets the rules every MOSSA service's document meets
 * ({@link OpenApiChecks}: valid OpenAPI 3.x, a 4xx problem+json answer on every operation, pasteable examples).
 */
class ExtractorDocsTest extends ExtractorTestBase {

    @Test
    void openApiDocumentValidatesAndEveryOperationDocumentsItsProblems() throws Exception {
        String document = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(OpenApiChecks.problems(document)).isEmpty();
        assertThat(OpenApiChecks.parse(document).getOpenAPI().getPaths())
                .containsKeys("/v1/models", "/v1/models/{id}", "/v1/activations");
    }
}
