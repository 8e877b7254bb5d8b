package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.mossa.web.problem.OpenApiChecks;

/**
 * cka-service's internal OpenAPI document meets the rules every MOSSA service's document meets
 * ({@link OpenApiChecks}: valid OpenAPI 3.x, a 4xx problem+json answer on every operation, pasteable examples).
 */
class CkaDocsTest extends AbstractServiceTest {

    @Test
    void openApiDocumentValidatesAndEveryOperationDocumentsItsProblems() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(OpenApiChecks.problems(docs.text())).isEmpty();
        assertThat(OpenApiChecks.parse(docs.text()).getOpenAPI().getPaths())
                .containsKeys("/v1/experiments", "/v1/experiments/{id}/results");
    }
}
