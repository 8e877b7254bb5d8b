package io.mossa.web.openapi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * Makes the generated document say what the services do, where springdoc's generation does not:
 * <ul>
 * <li>defaults, examples and enum values of numeric and boolean schemas are numbers and booleans, not the strings
 * annotations hold ({@code defaultValue = "0.95"}), which openapi-spec-validator rightly refuses;</li>
 * <li>an operation that documents only its errors gets its success response, from the handler's return type
 * (springdoc stops generating it as soon as one response is annotated);</li>
 * <li>framework types are not API schemas: a Spring {@code MediaType} parameter is a string, a Jackson
 * {@code JsonNode} member is any JSON value.</li>
 * </ul>
 */
public class TruthfulOpenApi implements OpenApiCustomizer, OperationCustomizer {

    /** Framework types springdoc turns into component schemas, and what they are on the wire. */
    private static final Map<String, Schema<?>> FRAMEWORK_TYPES = Map.of(
            "MediaType", new StringSchema().description("a media type, e.g. text/csv"),
            "JsonNode", new Schema<>().description("any JSON value"),
            "ObjectNode", new Schema<>().type("object").description("a JSON object"),
            "ArrayNode", new Schema<>().type("array").description("a JSON array"));

    @SuppressWarnings("rawtypes")
    private final Map<String, Schema> successSchemas = new ConcurrentHashMap<>();

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (operation.getResponses() == null || operation.getResponses().keySet().stream()
                .anyMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
            return operation;
        }
        Type body = bodyType(handler);
        ResponseStatus status = handler.getMethodAnnotation(ResponseStatus.class);
        String code = status != null ? String.valueOf(status.code().value()) : body == null ? "204" : "200";
        ApiResponse success = new ApiResponse().description("Success");
        if (body != null) {
            ResolvedSchema resolved = ModelConverters.getInstance(true)
                    .resolveAsResolvedSchema(new AnnotatedType(body).resolveAsRef(true));
            if (resolved != null && resolved.schema != null) {
                if (resolved.referencedSchemas != null) {
                    successSchemas.putAll(resolved.referencedSchemas);
                }
                Content content = new Content();
                for (String type : produces(handler)) {
                    content.addMediaType(type, new MediaType().schema(resolved.schema));
                }
                success.content(content);
            }
        }
        operation.getResponses().addApiResponse(code, success);
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() != null) {
            successSchemas.forEach((name, schema) -> {
                if (openApi.getComponents().getSchemas() == null
                        || !openApi.getComponents().getSchemas().containsKey(name)) {
                    openApi.getComponents().addSchemas(name, schema);
                }
            });
        }
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        walk(openApi.getPaths(), seen);
        if (openApi.getComponents() != null) {
            walk(openApi.getComponents().getSchemas(), seen);
            walk(openApi.getComponents().getParameters(), seen);
            if (openApi.getComponents().getSchemas() != null) {
                FRAMEWORK_TYPES.keySet().forEach(openApi.getComponents().getSchemas()::remove);
            }
        }
    }

    /** Visits every schema reachable from {@code node}, once each. */
    private static void walk(Object node, Map<Object, Boolean> seen) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> walk(value, seen));
            return;
        }
        if (node instanceof Iterable<?> list) {
            list.forEach(value -> walk(value, seen));
            return;
        }
        if (node instanceof Schema<?> schema) {
            fix(schema);
        }
        for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() == 0 && getter.getName().startsWith("get")
                    && getter.getDeclaringClass().getPackageName().startsWith("io.swagger.v3.oas.models")
                    && !getter.getName().equals("getExample") && !getter.getName().equals("getDefault")
                    && !getter.getName().equals("getEnum") && !getter.getName().equals("getExamples")
                    && !getter.getName().equals("getExtensions") && !getter.getName().equals("getConst")) {
                try {
                    Object value = getter.invoke(node);
                    if (value instanceof Schema<?> child && child.get$ref() != null) {
                        Schema<?> replacement = frameworkReplacement(child.get$ref());
                        if (replacement != null && node instanceof io.swagger.v3.oas.models.parameters.Parameter p) {
                            p.setSchema(replacement);
                            continue;
                        }
                        if (replacement != null && node instanceof MediaType media) {
                            media.setSchema(replacement);
                            continue;
                        }
                    }
                    walk(value, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a getter that is not a plain property: nothing to fix behind it
                }
            }
        }
    }

    private static Schema<?> frameworkReplacement(String ref) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        Schema<?> replacement = FRAMEWORK_TYPES.get(name);
        return replacement == null ? null : new Schema<>().type(replacement.getType())
                .description(replacement.getDescription());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fix(Schema schema) {
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = schema.getProperties();
            // the services write absent values as null (Jackson's default inclusion): a member the schema does not
            // require may be null, and generated clients must know it
            properties.forEach((name, property) -> {
                boolean required = schema.getRequired() != null && schema.getRequired().contains(name);
                if (!required && property.get$ref() == null && property.getTypes() != null
                        && !property.getTypes().isEmpty() && !property.getTypes().contains("null")) {
                    property.addType("null");
                }
            });
            properties.replaceAll((name, property) -> property.get$ref() != null
                    && frameworkReplacement(property.get$ref()) != null
                    ? frameworkReplacement(property.get$ref()) : property);
        }
        if (schema.getItems() != null && schema.getItems().get$ref() != null
                && frameworkReplacement(schema.getItems().get$ref()) != null) {
            schema.setItems(frameworkReplacement(schema.getItems().get$ref()));
        }
        String kind = kind(schema);
        if (kind == null) {
            return;
        }
        // only when there is a string to convert: setting null would write "default": null / "example": null
        if (schema.getDefault() instanceof String) {
            schema.setDefault(typed(schema.getDefault(), kind));
        }
        if (schema.getExample() instanceof String) {
            schema.setExample(typed(schema.getExample(), kind));
        }
        if (schema.getEnum() != null) {
            List<Object> values = new ArrayList<>();
            for (Object value : schema.getEnum()) {
                values.add(typed(value, kind));
            }
            schema.setEnum(values);
        }
    }

    private static String kind(Schema<?> schema) {
        if (schema.getTypes() != null) {
            for (String type : schema.getTypes()) {
                if (type.equals("number") || type.equals("integer") || type.equals("boolean")) {
                    return type;
                }
            }
        }
        String type = schema.getType();
        return "number".equals(type) || "integer".equals(type) || "boolean".equals(type) ? type : null;
    }

    private static Object typed(Object value, String kind) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return switch (kind) {
                case "boolean" -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : value;
                case "integer" -> new BigDecimal(text).toBigIntegerExact();
                default -> new BigDecimal(text);
            };
        } catch (ArithmeticException | NumberFormatException notANumber) {
            return value;
        }
    }

    /** The body type a handler answers with: ResponseEntity and Optional unwrapped; null for no body. */
    private static Type bodyType(HandlerMethod handler) {
        Type type = handler.getReturnType().getGenericParameterType();
        while (type instanceof ParameterizedType parameterized
                && (parameterized.getRawType() == ResponseEntity.class
                || parameterized.getRawType() == java.util.Optional.class)) {
            type = parameterized.getActualTypeArguments()[0];
        }
        if (type == void.class || type == Void.class || type instanceof java.lang.reflect.WildcardType
                || type == Object.class || (type instanceof Class<?> c && c == ResponseEntity.class)) {
            return type == void.class || type == Void.class ? null : Object.class;
        }
        return type;
    }

    private static List<String> produces(HandlerMethod handler) {
        RequestMapping mapping = org.springframework.core.annotation.AnnotatedElementUtils
                .findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (mapping != null && mapping.produces().length > 0) {
            return List.of(mapping.produces());
        }
        return List.of("application/json");
    }
}
