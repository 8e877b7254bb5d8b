package io.mossa.gateway.experiment;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** An experiment's resolved definition, who owns it, its status and progress. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentView(
        UUID id,
        String name,
        @Schema(allowableValues = {"PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}) String status,
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
        OffsetDateTime finishedAt,
        @Schema(allowableValues = {"linear", "rbf", "polynomial"}) String kernel,
        @Schema(description = "rbf only", nullable = true) Double rbfThreshold,
        @Schema(description = "polynomial only", nullable = true) Integer degree,
        @Schema(description = "polynomial only", nullable = true) Double coef0,
        @Schema(allowableValues = {"biased", "debiased"}) String estimator,
        Statistics statistics,
        Boolean chatTemplate,
        @Schema(nullable = true) String systemPrompt,
        @Schema(description = "The task set the tasks came from, or null for inline tasks", nullable = true)
        String taskSetId,
        @Schema(description = "The task set version used (resolved when the experiment was submitted)",
                nullable = true) Integer taskSetVersion,
        @Schema(description = "Id of the API key that submitted it; null when submitted without one",
                nullable = true) String owner,
        @Schema(allowableValues = {"public", "private"}) String visibility,
        @Schema(description = "1 + the number of re-runs") Integer runs,
        @Schema(description = "The definition exactly as submitted (null for experiments submitted before "
                + "definitions were kept)", implementation = ExperimentDefinition.class) JsonNode definition) {

    /** A view without the options of issue 5 (what older cka-service versions and test fixtures carry). */
    public ExperimentView(UUID id, String name, String status, String experimentalModel, String baselineModel,
            List<Integer> layers, String layerPairs, String pooling, List<TaskSummary> tasks, Progress progress,
            String failure, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
        this(id, name, status, experimentalModel, baselineModel, layers, layerPairs, pooling, tasks, progress, failure,
                createdAt, startedAt, finishedAt, "linear", null, null, null, "biased", null, false, null, null, null, null, "public",
                1, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskSummary(String name, String cluster, String controlModel, int n, Boolean heldOut,
            @Schema(nullable = true) String split) {

        public TaskSummary(String name, String cluster, String controlModel, int n) {
            this(name, cluster, controlModel, n, false, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(int unitsDone, int unitsTotal) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Statistics(int permutations, int bootstrap, double confidence, long seed) {
    }
}
