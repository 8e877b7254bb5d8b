package io.mossa.gateway.results.summary;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** Per task and layer (same-index pairs): CKA(E, C_t), CKA(B, C_t) and their difference. */
public record TaskLayersView(UUID experimentId, Completeness coverage, List<TaskLayers> tasks) {

    public record TaskLayers(String task, String cluster, String controlModel, int n, List<LayerValues> layers) {
    }

    public record LayerValues(
            int layer,
            @Schema(nullable = true) Double experimental,
            @Schema(nullable = true, description = "null without a baseline") Double baseline,
            @Schema(nullable = true, description = "experimental - baseline") Double difference) {
    }
}
