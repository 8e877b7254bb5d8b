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

import io.mossa.cka.similarity.Measure;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** The request and response bodies of the internal experiments API (the gateway's service contract). */
public final class ExperimentApi {

    public static final int MAX_PROMPTS = 10_000;

    private ExperimentApi() {
    }

    public static final int MAX_KEY_LENGTH = 200;

    /**
     * {@code layerPairs} defaults to "same", {@code pooling} to "last", the measure to linear, biased CKA without
     * statistics, {@code visibility} to "public". The kernel, estimator and statistics mean what they mean for
     * POST /v1/similarity and follow its rules and limits.
     */
    public record CreateExperimentRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 500) String experimentalModel,
            @Size(min = 1, max = 500) @Pattern(regexp = "(?s).*\\S.*", message = "must be null or not blank") String baselineModel,
            @NotEmpty @Size(max = 1024) List<@NotNull @Min(0) Integer> layers,
            @Pattern(regexp = "same|all", message = "must be 'same' or 'all'") String layerPairs,
            @Pattern(regexp = "last|mean", message = "must be 'last' or 'mean'") String pooling,
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid TaskRequest> tasks,
            @Schema(allowableValues = {"linear", "rbf", "polynomial"}, defaultValue = "linear")
            @Pattern(regexp = "linear|rbf|polynomial", message = "must be 'linear', 'rbf' or 'polynomial'")
            String kernel,
            @Schema(allowableValues = {"biased", "debiased"}, defaultValue = "biased")
            @Pattern(regexp = "biased|debiased", message = "must be 'biased' or 'debiased'") String estimator,
            @Schema(description = "rbf only: sigma^2 = rbfThreshold^2 x median squared distance", defaultValue = "1.0")
            Double rbfThreshold,
            @Schema(description = "polynomial only: (x.y / p + coef0)^degree", defaultValue = "3") Integer degree,
            @Schema(description = "polynomial only", defaultValue = "1.0") Double coef0,
            @Schema(description = "permutation-test resamples per layer pair (0 = no p-values)", defaultValue = "0")
            Integer permutations,
            @Schema(description = "interval resamples (0 = no intervals; needs estimator=debiased and n >= 8)",
                    defaultValue = "0") Integer bootstrap,
            @Schema(description = "interval level", defaultValue = "0.95") Double confidence,
            @Schema(description = "seed of all resampling", defaultValue = "0") Long seed,
            @Schema(description = "wrap every prompt in the model's chat template (extractor)", defaultValue = "false")
            Boolean chatTemplate,
            @Schema(description = "system prompt of the chat template; null = the template's default, \"\" = none; "
                    + "only with chatTemplate") @Size(max = 20_000) String systemPrompt,
            @Schema(description = "the task set the tasks came from (recorded)", example = "demo")
            @Size(min = 1, max = 200) String taskSetId,
            @Schema(description = "its version (recorded)", example = "1") @Min(1) Integer taskSetVersion,
            @Schema(description = "API key id of the submitter; null = anonymous") @Size(min = 1, max = 200)
            String owner,
            @Schema(allowableValues = {"public", "private"}, defaultValue = "public")
            @Pattern(regexp = "public|private", message = "must be 'public' or 'private'") String visibility,
            @Schema(description = "Idempotency-Key: a repeat with the same owner, key and request returns the first "
                    + "experiment (200); the same key with another request is a 409")
            @Size(min = 1, max = MAX_KEY_LENGTH) String idempotencyKey,
            @Schema(description = "the public definition as submitted, stored and returned verbatim (a JSON object)")
            JsonNode definition) {

        public CreateExperimentRequest withDefaults() {
            String k = kernel == null ? Measure.DEFAULT_KERNEL : kernel;
            return new CreateExperimentRequest(name, experimentalModel, baselineModel, layers,
                    layerPairs == null ? "same" : layerPairs, pooling == null ? "last" : pooling,
                    tasks.stream().map(TaskRequest::withDefaults).toList(), k,
                    estimator == null ? Measure.DEFAULT_ESTIMATOR : estimator,
                    "rbf".equals(k) && rbfThreshold == null ? Double.valueOf(Measure.DEFAULT_RBF_THRESHOLD)
                            : rbfThreshold,
                    "polynomial".equals(k) && degree == null ? Integer.valueOf(Measure.DEFAULT_DEGREE) : degree,
                    "polynomial".equals(k) && coef0 == null ? Double.valueOf(Measure.DEFAULT_COEF0) : coef0,
                    permutations == null ? Integer.valueOf(0) : permutations,
                    bootstrap == null ? Integer.valueOf(0) : bootstrap,
                    confidence == null ? Double.valueOf(Measure.DEFAULT_CONFIDENCE) : confidence,
                    seed == null ? Long.valueOf(0) : seed,
                    chatTemplate != null && chatTemplate, systemPrompt, taskSetId, taskSetVersion, owner,
                    visibility == null ? "public" : visibility, idempotencyKey, definition);
        }

        /** The measure asked for; call on {@link #withDefaults()}. */
        public Measure measure() {
            return new Measure(kernel, rbfThreshold == null ? Measure.DEFAULT_RBF_THRESHOLD : rbfThreshold,
                    degree == null ? Measure.DEFAULT_DEGREE : degree, coef0 == null ? Measure.DEFAULT_COEF0 : coef0,
                    estimator, permutations, bootstrap, confidence, seed);
        }
    }

    public record TaskRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String cluster,
            @NotBlank @Size(max = 500) String controlModel,
            @NotNull @Size(min = 2, max = MAX_PROMPTS, message = "must hold between 2 and 10000 prompts (CKA needs n >= 2)")
            List<@NotNull String> prompts,
            @Schema(description = "a task the experimental model was not trained on", defaultValue = "false")
            Boolean heldOut,
            @Schema(description = "the split the prompts came from", example = "test") @Size(min = 1, max = 200)
            String split) {

        TaskRequest withDefaults() {
            return new TaskRequest(name, cluster, controlModel, prompts, heldOut != null && heldOut, split);
        }
    }

    public record TaskView(String name, String cluster, String controlModel, int n, boolean heldOut, String split) {
    }

    public record Progress(int unitsDone, int unitsTotal) {
    }

    public record Statistics(int permutations, int bootstrap, double confidence, long seed) {
    }

    /**
     * @param runs       1 + the number of re-runs
     * @param definition the public definition as submitted, or null
     */
    public record ExperimentView(UUID id, String name, ExperimentStatus status, String experimentalModel,
            String baselineModel, List<Integer> layers, String layerPairs, String pooling, List<TaskView> tasks,
            Progress progress, String failure, Instant createdAt, Instant startedAt, Instant finishedAt,
            String kernel, Double rbfThreshold, Integer degree, Double coef0, String estimator, Statistics statistics,
            boolean chatTemplate, String systemPrompt, String taskSetId, Integer taskSetVersion, String owner,
            String visibility, int runs, JsonNode definition) {
    }

    /** @param nextCursor the cursor of the next page, null on the last */
    public record ExperimentList(List<ExperimentView> experiments, String nextCursor) {
    }

    /**
     * @param pValue permutation-test p-value, null when not computed
     * @param ciLow  lower interval bound, null when not computed
     * @param ciHigh upper interval bound, null when not computed
     */
    public record LayerValue(int layerX, int layerY, double cka, Double pValue, Double ciLow, Double ciHigh) {
    }

    public record Result(String task, String cluster, boolean heldOut, String split, String comparison, String modelX,
            String modelY, int n, String kernel, String estimator, String layerPairs, List<LayerValue> values) {
    }

    public record ResultsView(UUID experimentId, ExperimentStatus status, List<Result> results) {
    }
}
