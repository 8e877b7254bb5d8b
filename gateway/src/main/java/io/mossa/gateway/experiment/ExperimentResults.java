package io.mossa.gateway.experiment;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/** CKA per task, model pair and layer pair; results of finished tasks appear while the experiment runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentResults(UUID experimentId, String status, List<Result> results) {

    /** One similarity matrix: one comparison on one task, as tidy (layerX, layerY, cka) values. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            String task,
            String cluster,
            @Schema(description = "experimental: E vs C_t; baseline: B vs C_t",
                    allowableValues = {"experimental", "baseline"}) String comparison,
            String modelX,
            String modelY,
            int n,
            String kernel,
            String estimator,
            String layerPairs,
            List<LayerValue> values) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LayerValue(int layerX, int layerY, double cka) {
    }
}
