package io.mossa.gateway.experiment;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/** An experiment's definition summary, status and progress. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentView(
        UUID id,
        String name,
        @Schema(allowableValues = {"PENDING", "RUNNING", "SUCCEEDED", "FAILED"}) String status,
        String experimentalModel,
        String baselineModel,
        List<Integer> layers,
        String layerPairs,
        String pooling,
        List<TaskSummary> tasks,
        Progress progress,
        @Schema(description = "Why the experiment failed, when it did", nullable = true) String failure,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskSummary(String name, String cluster, String controlModel, int n) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(int unitsDone, int unitsTotal) {
    }
}
