package io.mossa.gateway.results.roles;

import java.util.List;
import java.util.UUID;

import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.results.summary.Completeness;
import io.swagger.v3.oas.annotations.media.Schema;

/** The layer roles of an experiment's curves, with the curves they were read from and the evidence. */
public record LayerRolesView(
        UUID experimentId,
        Completeness coverage,
        @Schema(description = "the curves' comparison", allowableValues = {"experimental", "difference"})
        String comparison,
        @Schema(description = "the measure of every value (views show one measure at a time)") MeasureType measure,
        @Schema(description = "which tasks", allowableValues = {"trained", "held-out", "all"}) String taskSelection,
        @Schema(description = "the cluster the tasks were restricted to", nullable = true) String cluster,
        @Schema(description = "the tasks included") List<String> tasks,
        @Schema(description = "the layers segmented, ascending (same-index layer pairs with values)")
        List<Integer> layers,
        @Schema(description = "mean across tasks per layer and, with two or more tasks, the across-task standard "
                + "deviation; both fitted together") List<Curve> curves,
        LayerRoles.Roles roles,
        @Schema(description = "the method, in words") String method) {

    public record Curve(@Schema(allowableValues = {"mean", "sd"}) String name, List<Double> values) {
    }

    public static final String METHOD = "Step-function fits of the curves over the layers, by exhaustive least squares: "
            + "the best single change point and the best pair of change points (every placement tried, each segment "
            + "at least one layer, ties to the earliest). Three roles when the pair explains at least "
            + LayerRoles.EXPLAINED + " of the variation and its second change point removes at least "
            + LayerRoles.SECOND_CHANGE + " of what one change point leaves; two roles (no distinct transition) when "
            + "one change point explains at least " + LayerRoles.EXPLAINED + "; otherwise none. Roles follow the "
            + "segments' order: shared, transition, refinement. A heuristic summary of the curves, not a test.";
}
