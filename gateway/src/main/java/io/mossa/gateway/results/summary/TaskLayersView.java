package io.mossa.gateway.results.summary;

import java.util.List;
import java.util.UUID;

import io.mossa.contract.measure.MeasureType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Per task and layer (same-index pairs) of one measure m: m(E, C_t), m(B, C_t) and their difference, with the permutation
 * p-value and bootstrap interval of each side when the experiment computed them. The difference has no
 * interval: the two sides were resampled independently, so no paired interval exists.
 */
public record TaskLayersView(UUID experimentId,
        @Schema(description = "the measure of every value (views show one measure at a time)") MeasureType measure,
        Completeness coverage, List<TaskLayers> tasks) {

    public record TaskLayers(
            String task,
            String cluster,
            @Schema(description = "true when the task was held out of E's training") boolean heldOut,
            @Schema(description = "the task's split name", nullable = true) String split,
            String controlModel,
            int n,
            List<LayerValues> layers) {
    }

    public record LayerValues(
            int layer,
            @Schema(nullable = true) Double experimental,
            @Schema(nullable = true, description = "null without a baseline") Double baseline,
            @Schema(nullable = true, description = "experimental - baseline") Double difference,
            @Schema(nullable = true, description = "permutation p-value of experimental") Double experimentalPValue,
            @Schema(nullable = true, description = "bootstrap interval of experimental, low end") Double experimentalCiLow,
            @Schema(nullable = true, description = "bootstrap interval of experimental, high end")
            Double experimentalCiHigh,
            @Schema(nullable = true, description = "permutation p-value of baseline") Double baselinePValue,
            @Schema(nullable = true, description = "bootstrap interval of baseline, low end") Double baselineCiLow,
            @Schema(nullable = true, description = "bootstrap interval of baseline, high end") Double baselineCiHigh) {
    }
}
