package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;

/**
 * cka-service's internal OpenAPI document validates as OpenAPI 3.x (swagger-parser, every message counts) and
 * documents a 4xx problem+json answer on every operation, as the gateway's does.
 */
class CkaDocsTest extends AbstractServiceTest {

    @Test
    void openApiDocumentValidatesAndEveryOperationDocumentsItsProblems() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(docs.text(), null, options);
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getPaths()).containsKeys("/v1/experiments", "/v1/experiments/{id}/results");
        List<String> undocumented = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean documented = operation.getResponses().entrySet().stream().anyMatch(r -> r.getKey().startsWith("4")
                    && r.getValue().getContent() != null
                    && r.getValue().getContent().get("application/problem+json") != null
                    && r.getValue().getContent().get("application/problem+json").getSchema() != null);
            if (!documented) {
                undocumented.add(method + " " + path);
            }
        }));
        assertThat(undocumented).as("operations without a 4xx problem+json response").isEmpty();
    }
}
