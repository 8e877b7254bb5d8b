package io.mossa.web.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an OpenAPI document served by a MOSSA service must satisfy: it validates as OpenAPI 3.x (swagger-parser,
 * every message counts), every operation documents a 4xx answer as application/problem+json, and every
 * request body example is JSON that can be pasted as it is.
 */
public final class OpenApiChecks {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiChecks() {
    }

    /** The document as swagger-parser reads it; the problems are the parser's messages. */
    public static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    /** Every way the document falls short, one line each; empty when it is fine. */
    public static List<String> problems(String document) {
        SwaggerParseResult result = parse(document);
        List<String> problems = new ArrayList<>();
        if (result.getMessages() != null) {
            result.getMessages().forEach(m -> problems.add("parser: " + m));
        }
        OpenAPI api = result.getOpenAPI();
        if (api == null) {
            problems.add("not an OpenAPI document");
            return problems;
        }
        if (api.getOpenapi() == null || !api.getOpenapi().startsWith("3.")) {
            problems.add("openapi version is " + api.getOpenapi() + ", not 3.x");
        }
        if (api.getPaths() == null || api.getPaths().isEmpty()) {
            problems.add("no paths");
            return problems;
        }
        problems.addAll(specValidatorErrors(document));
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            for (String framework : List.of("MediaType", "JsonNode", "ObjectNode", "ArrayNode", "ResponseEntity")) {
                if (api.getComponents().getSchemas().containsKey(framework)) {
                    problems.add("framework type '" + framework + "' is documented as an API schema");
                }
            }
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path + ": ";
            if (operation.getResponses() == null || operation.getResponses().keySet().stream()
                    .noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
                problems.add(where + "no success response documented");
            }
            if (!documentsAProblem(operation)) {
                problems.add(where + "no 4xx response with " + PROBLEM_JSON + " content");
            }
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().forEach((type, media) -> {
                    if (type.contains("json")) {
                        // JSON Lines (application/x-ndjson) is one JSON document per line, not one document
                        boolean lines = type.contains("ndjson");
                        examples(media).forEach((name, value) -> {
                            String error = lines ? notJsonLines(value) : notJson(value);
                            if (error != null) {
                                problems.add(where + "request example '" + name + "' (" + type + ") is not JSON: "
                                        + error);
                            }
                        });
                    }
                });
            }
        }));
        return problems;
    }

    /**
     * What openapi-spec-validator (the Python reference validator, OpenAPI 3.1 schema) finds, one line per error.
     * It is a prerequisite of the build on this machine; without it the check fails rather than pass unseen.
     */
    public static List<String> specValidatorErrors(String document) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("openapi", ".json");
            try {
                java.nio.file.Files.writeString(file, document);
                Process python = new ProcessBuilder("python3", "-c", """
                        import json, sys
                        from openapi_spec_validator import OpenAPIV31SpecValidator
                        spec = json.load(open(sys.argv[1]))
                        for e in OpenAPIV31SpecValidator(spec).iter_errors():
                            print("openapi-spec-validator: " + "/".join(str(p) for p in e.absolute_path) + ": "
                                  + e.message.replace(chr(10), " ")[:300])
                        """, file.toString()).redirectErrorStream(true).start();
                String output = new String(python.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (python.waitFor() != 0) {
                    return List.of("openapi-spec-validator could not run (python3 with openapi_spec_validator is "
                            + "required): " + output.strip());
                }
                return output.lines().filter(line -> !line.isBlank()).toList();
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            return List.of("openapi-spec-validator could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while validating");
        }
    }

    private static boolean documentsAProblem(Operation operation) {
        if (operation.getResponses() == null) {
            return false;
        }
        for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
            if (response.getKey().startsWith("4") && response.getValue().getContent() != null
                    && response.getValue().getContent().get(PROBLEM_JSON) != null
                    && response.getValue().getContent().get(PROBLEM_JSON).getSchema() != null) {
                return true;
            }
        }
        return false;
    }

    /** The media type's example and named examples; a schema example counts when it is the only one. */
    private static Map<String, Object> examples(MediaType media) {
        Map<String, Object> examples = new java.util.LinkedHashMap<>();
        if (media.getExample() != null) {
            examples.put("example", media.getExample());
        }
        if (media.getExamples() != null) {
            media.getExamples().forEach((name, example) -> {
                if (example.getValue() != null) {
                    examples.put(name, example.getValue());
                }
            });
        }
        if (examples.isEmpty() && media.getSchema() != null && media.getSchema().getExample() != null) {
            examples.put("schema example", media.getSchema().getExample());
        }
        return examples;
    }

    /**
     * Why a JSON example cannot be pasted, or null. Structured values came from JSON already; a string is
     * what a JSON body would be given as text, so it must itself parse.
     */
    private static String notJsonLines(Object value) {
        if (!(value instanceof String text)) {
            return "a JSON Lines example must be a string";
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                String error = notJson(lines[i]);
                if (error != null) {
                    return "line " + (i + 1) + ": " + error;
                }
            }
        }
        return null;
    }

    private static String notJson(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            JSON.readTree(text);
            return null;
        } catch (JacksonException e) {
            return e.getOriginalMessage();
        }
    }
}
