package io.mossa.cka.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request and response bodies of the internal experiments API (the gateway's service contract). */
public final class ExperimentApi {

    public static final int MAX_PROMPTS = 10_000;

    private ExperimentApi() {
    }

    /** {@code layerPairs} defaults to "same" and {@code pooling} to "last" when absent. */
    public record CreateExperimentRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 500) String experimentalModel,
            @Size(min = 1, max = 500) @Pattern(regexp = "(?s).*\\S.*", message = "must be null or not blank") String baselineModel,
            @NotEmpty @Size(max = 1024) List<@NotNull @Min(0) Integer> layers,
            @Pattern(regexp = "same|all", message = "must be 'same' or 'all'") String layerPairs,
            @Pattern(regexp = "last|mean", message = "must be 'last' or 'mean'") String pooling,
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid TaskRequest> tasks) {

        public CreateExperimentRequest withDefaults() {
            return new CreateExperimentRequest(name, experimentalModel, baselineModel, layers,
                    layerPairs == null ? "same" : layerPairs, pooling == null ? "last" : pooling, tasks);
        }
    }

    public record TaskRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String cluster,
            @NotBlank @Size(max = 500) String controlModel,
            @NotNull @Size(min = 2, max = MAX_PROMPTS, message = "must hold between 2 and 10000 prompts (CKA needs n >= 2)")
            List<@NotNull String> prompts) {
    }

    public record TaskView(String name, String cluster, String controlModel, int n) {
    }

    public record Progress(int unitsDone, int unitsTotal) {
    }

    public record ExperimentView(UUID id, String name, ExperimentStatus status, String experimentalModel,
            String baselineModel, List<Integer> layers, String layerPairs, String pooling, List<TaskView> tasks,
            Progress progress, String failure, Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    public record ExperimentList(List<ExperimentView> experiments) {
    }

    public record LayerValue(int layerX, int layerY, double cka) {
    }

    public record Result(String task, String cluster, String comparison, String modelX, String modelY, int n,
            String kernel, String estimator, String layerPairs, List<LayerValue> values) {
    }

    public record ResultsView(UUID experimentId, ExperimentStatus status, List<Result> results) {
    }
}
