package io.mossa.gateway.experiment;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.mossa.contract.measure.MeasureType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Every measure per task, model pair and layer pair; results of finished tasks appear while the experiment runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentResults(UUID experimentId, String status, List<Result> results) {

    /** The results of one measure only, as the views, plots and matrix exports show one measure at a time. */
    public ExperimentResults of(MeasureType measure) {
        return new ExperimentResults(experimentId, status,
                results.stream().filter(r -> r.measure() == measure).toList());
    }

    /**
     * One matrix of one measure: one comparison on one task, as tidy (layerX, layerY, cka) values. heldOut and
     * split are absent in answers of a cka-service older than the task flags: heldOut then reads as false; measure
     * is absent in answers older than experiments of several measures: it then reads as cka.
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
            @Schema(description = "cka only; null for another measure", nullable = true) String kernel,
            @Schema(description = "cka only; null for another measure", nullable = true) String estimator,
            String layerPairs,
            List<LayerValue> values,
            @Schema(description = "true when the task was held out of E's training (an unseen task)")
            Boolean heldOut,
            @Schema(description = "the task's split name, as in the task set", nullable = true) String split,
            @Schema(description = "the measure of the values (see docs/measures.md for similarity or distance)")
            MeasureType measure) {

        /** Never null once constructed: an absent flag means a trained task, an absent measure cka. */
        public Result {
            heldOut = Boolean.TRUE.equals(heldOut);
            measure = measure == null ? MeasureType.CKA : measure;
        }

        /** A trained task without a split name, as cka-service answered before the task flags. */
        public Result(String task, String cluster, String comparison, String modelX, String modelY, int n,
                String kernel, String estimator, String layerPairs, List<LayerValue> values) {
            this(task, cluster, comparison, modelX, modelY, n, kernel, estimator, layerPairs, values, false, null,
                    null);
        }
    }

    /** One layer pair; pValue and the interval are null when the experiment did not compute them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LayerValue(
            int layerX,
            int layerY,
            @Schema(description = "the value of the result's measure (the name predates the other measures)")
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
