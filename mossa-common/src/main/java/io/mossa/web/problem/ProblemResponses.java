package io.mossa.web.problem;

import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * Documents a service's errors the same way on every operation, including operations whose controllers name
 * no error; import it next to {@link ProblemAdvice}, which answers them. Every 4xx/5xx response becomes
 * application/problem+json (only) with the shared {@value #SCHEMA} schema, so controllers name an error's status
 * and meaning and nothing else; every operation documents 400 (a malformed id, query string or body is refused
 * anywhere) and, with a path id, 404; one that documents no other client error and takes no input gets 406 for
 * an Accept header that rules out every representation. Runs on the
 * finished document, so it holds for every controller.
 */
public class ProblemResponses implements OpenApiCustomizer {

    public static final String SCHEMA = "Problem";
    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Operation operation : path.getValue().readOperations()) {
                document(path.getKey(), path.getValue(), operation);
            }
        }
    }

    private static void document(String path, PathItem item, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                // an error is problem+json and nothing else, whatever the operation's success types are
                MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
                if (problem == null) {
                    problem = new MediaType();
                }
                if (problem.getSchema() == null) {
                    problem.setSchema(reference());
                }
                response.setContent(new Content().addMediaType(PROBLEM_JSON, problem));
            }
        });
        boolean pathId = path.contains("{");
        boolean parameters = hasParameters(item, operation);
        // any request can be refused as malformed (an id, a query string, the request line), documented or not
        if (!responses.containsKey("400")) {
            responses.addApiResponse("400", problem("Invalid request: a path id, a parameter, the query string or "
                    + "the body is malformed; the detail names it"));
        }
        if (pathId && !responses.containsKey("404")) {
            responses.addApiResponse("404", problem("Not found: no resource with that id"));
        }
        if (responses.keySet().stream().anyMatch(code -> code.startsWith("4") && !code.equals("400")
                && !code.equals("404"))) {
            return;
        }
        if (!parameters && operation.getRequestBody() == null && !pathId) {
            responses.addApiResponse("406", problem("Not acceptable: the Accept header excludes every "
                    + "representation of this resource"));
        }
    }

    private static boolean hasParameters(PathItem item, Operation operation) {
        java.util.List<Parameter> all = new java.util.ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all.stream().anyMatch(p -> "query".equals(p.getIn()) || "path".equals(p.getIn()));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(reference())));
    }

    private static Schema<?> reference() {
        return new Schema<>().$ref("#/components/schemas/" + SCHEMA);
    }

    /** RFC 9457 members, plus the extension members MOSSA's problems carry. */
    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("taskSet"))
                .addProperty("message", new StringSchema().example("unknown task set 'dem'; known: [demo]"));
        Schema schema = new ObjectSchema()
                .description("RFC 9457 problem details; the detail names the wrong field or value. Further members "
                        + "(field, value, reason, model, ...) add what the client needs to fix the request.")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("taskSet: unknown task set 'dem'; known: [demo]"))
                .addProperty("instance", new StringSchema().example("/api/v1/experiments"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("every wrong field, when the request had several"));
        schema.setAdditionalProperties(Boolean.TRUE);
        // every MOSSA problem carries these three (type may be omitted when it is about:blank)
        schema.setRequired(java.util.List.of("title", "status", "detail"));
        return schema;
    }
}
