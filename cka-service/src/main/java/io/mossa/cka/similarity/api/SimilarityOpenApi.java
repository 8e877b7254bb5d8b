package io.mossa.cka.similarity.api;

import io.mossa.contract.measure.MeasureType;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Documents the {@code measure} parameter of POST /v1/similarity from {@link MeasureType} itself, so that the
 * OpenAPI document names every measure's convention, kind and range exactly as the engine declares them.
 */
@Configuration
public class SimilarityOpenApi {

    @Bean
    OpenApiCustomizer measureConventions() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            PathItem item = openApi.getPaths().get("/v1/similarity");
            if (item == null || item.getPost() == null || item.getPost().getParameters() == null) {
                return;
            }
            for (Parameter parameter : item.getPost().getParameters()) {
                if ("measure".equals(parameter.getName())) {
                    parameter.setDescription(describe());
                    StringSchema schema = new StringSchema();
                    schema.setEnum(Arrays.stream(MeasureType.values()).map(MeasureType::wire).toList());
                    schema.setDefault(MeasureType.CKA.wire());
                    parameter.setSchema(schema);
                }
            }
        };
    }

    /** One line per measure: name, kind, range, symmetry, definition (X~, Y~ have centred columns). */
    static String describe() {
        return "X is n x p, Y is n x q, rows paired; X~, Y~ have centred columns.\n" + Arrays.stream(MeasureType.values())
                .map(t -> "- " + t.wire() + ": " + t.kind().wire() + " in [" + bound(t.lower()) + ", "
                        + bound(t.upper()) + "]" + (t.symmetric() ? "" : ", asymmetric (m(x, y) != m(y, x))")
                        + (t.intervals() ? ", intervals offered" : "") + ". " + t.convention())
                .collect(Collectors.joining("\n"));
    }

    private static String bound(double value) {
        return value == Math.PI / 2 ? "pi/2" : String.valueOf((long) value);
    }
}
