package io.mossa.gateway.results.summary;

import java.util.List;
import java.util.UUID;

import io.mossa.contract.measure.MeasureType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Per layer (same-index pairs), the distribution across tasks: overall, trained and held-out tasks apart, and
 * per cluster. Held-out tasks (unseen by E in training) answer a different question than trained ones (the
 * paper's third), so every group but overall holds one kind only.
 */
public record LayerSummaryView(
        UUID experimentId,
        @Schema(description = "the measure of every value (views show one measure at a time)") MeasureType measure,
        Completeness coverage,
        @Schema(description = "every task, trained and held-out together") Group overall,
        @Schema(description = "the trained tasks (heldOut=false); null when every task is held out", nullable = true)
        Group trained,
        @Schema(description = "the held-out tasks; null when the experiment has none", nullable = true)
        Group heldOut,
        @Schema(description = "one group per cluster, in order of the clusters' first task; a cluster with both "
                + "trained and held-out tasks gives two groups, trained first") List<Group> clusters) {

    public record Group(
            @Schema(description = "the cluster, or null for a group across clusters", nullable = true) String cluster,
            @Schema(description = "true: held-out tasks only; false: trained tasks only; null: both kinds (overall "
                    + "only, when there are held-out tasks)", nullable = true) Boolean heldOut,
            List<String> tasks,
            List<LayerStats> layers) {
    }

    public record LayerStats(
            int layer,
            @Schema(description = "m(E, C_t) across tasks") Summary experimental,
            @Schema(description = "m(B, C_t) across tasks; null without a baseline", nullable = true) Summary baseline,
            @Schema(description = "m(E, C_t) - m(B, C_t) per task, across tasks; null without a baseline",
                    nullable = true) Summary difference) {
    }
}
