package io.mossa.gateway.results.summary;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** Per layer (same-index pairs), the distribution across tasks: overall and per cluster. */
public record LayerSummaryView(
        UUID experimentId,
        Completeness coverage,
        @Schema(description = "every task") Group overall,
        @Schema(description = "one group per cluster, in order of the clusters' first task") List<Group> clusters) {

    public record Group(
            @Schema(description = "the cluster, or null for all tasks", nullable = true) String cluster,
            List<String> tasks,
            List<LayerStats> layers) {
    }

    public record LayerStats(
            int layer,
            @Schema(description = "CKA(E, C_t) across tasks") Summary experimental,
            @Schema(description = "CKA(B, C_t) across tasks; null without a baseline", nullable = true) Summary baseline,
            @Schema(description = "CKA(E, C_t) - CKA(B, C_t) per task, across tasks; null without a baseline",
                    nullable = true) Summary difference) {
    }
}
