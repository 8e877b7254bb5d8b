package io.mossa.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;

/**
 * The extractor's internal OpenAPI document validates as OpenAPI 3.x (swagger-parser, every message counts)
 * and documents a 4xx problem+json answer on every operation, as the gateway's does.
 */
class ExtractorDocsTest extends ExtractorTestBase {

    @Test
    void openApiDocumentValidatesAndEveryOperationDocumentsItsProblems() throws Exception {
        String document = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getPaths()).containsKeys("/v1/models", "/v1/models/{id}", "/v1/activations");
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
