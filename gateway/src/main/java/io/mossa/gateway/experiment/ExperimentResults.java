package io.mossa.gateway.experiment;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/** CKA per task, model pair and layer pair; results of finished tasks appear while the experiment runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentResults(UUID experimentId, String status, List<Result> results) {

    /**
     * One similarity matrix: one comparison on one task, as tidy (layerX, layerY, cka) values. heldOut and split
     * are absent in answers of a cka-service older than the task flags: heldOut then reads as false.
     */
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
            List<LayerValue> values,
            @Schema(description = "true when the task was held out of E's training (an unseen task)")
            Boolean heldOut,
            @Schema(description = "the task's split name, as in the task set", nullable = true) String split) {

        /** Never null once constructed: an absent flag means a trained task. */
        public Result {
            heldOut = Boolean.TRUE.equals(heldOut);
        }

        /** A trained task without a split name, as cka-service answered before the task flags. */
        public Result(String task, String cluster, String comparison, String modelX, String modelY, int n,
                String kernel, String estimator, String layerPairs, List<LayerValue> values) {
            this(task, cluster, comparison, modelX, modelY, n, kernel, estimator, layerPairs, values, false, null);
        }
    }

    /** One layer pair; pValue and the interval are null when the experiment did not compute them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LayerValue(
            int layerX,
            int layerY,
            double cka,
            @Schema(description = "permutation p-value, null without permutations", nullable = true) Double pValue,
            @Schema(description = "lower end of the bootstrap interval, null without bootstrap", nullable = true)
            Double ciLow,
            @Schema(description = "upper end of the bootstrap interval, null without bootstrap", nullable = true)
            Double ciHigh) {

        public LayerValue(int layerX, int layerY, double cka) {
            this(layerX, layerY, cka, null, null, null);
        }
    }
}
