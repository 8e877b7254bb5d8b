package io.mossa.gateway.experiment;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a researcher submits: compare an experimental model E (and optionally a baseline B) against a control
 * model per task, layer by layer, on the prompts of a task set or of inline tasks. Every field but name,
 * experimentalModel and the tasks has a default; unknown fields are refused.
 */
@Schema(description = "An experiment: CKA between E (and optionally B) and each task's control model C_t.")
public record ExperimentDefinition(
        @Schema(description = "Human-readable name, at most 200 characters", example = "int8 quantization vs fp32")
        String name,
        @Schema(description = "The experimental model E (see GET /api/v1/models)", example = "all-minilm-l6-v2-q")
        String experimentalModel,
        @Schema(description = "Optional baseline B (e.g. the pretrained model), also compared with every control",
                nullable = true, example = "all-minilm-l6-v2")
        String baselineModel,
        @Schema(description = "The control model C for every task that names no control of its own",
                nullable = true, example = "all-minilm-l6-v2")
        String controlModel,
        @Schema(description = "Per-task controls of a task set: task name -> model. Overrides controlModel for "
                + "those tasks; only with taskSet (inline tasks carry their own controlModel)", nullable = true,
                example = "{\"sentiment-movie-reviews\": \"all-minilm-l6-v2\"}")
        Map<String, String> controlModels,
        @Schema(description = "Id of a task set (see GET /api/v1/task-sets); give this or tasks, not both",
                nullable = true, example = "demo")
        String taskSet,
        @Schema(description = "Version of the task set; default: its latest. The version used is recorded",
                nullable = true, example = "1")
        Integer taskSetVersion,
        @Schema(description = "Inline tasks; give this or taskSet, not both", nullable = true)
        List<TaskDefinition> tasks,
        @Schema(description = "Hidden-state indices (0 = embedding output); default: every layer all models have",
                nullable = true, example = "[0, 1, 2, 3, 4, 5, 6]")
        List<Integer> layers,
        @Schema(description = "same: layer i of E with layer i of C; all: every layer pair", defaultValue = "same",
                allowableValues = {"same", "all"}, nullable = true)
        String layerPairs,
        @Schema(description = "How a prompt's token states become one vector", defaultValue = "last",
                allowableValues = {"last", "mean"}, nullable = true)
        String pooling,
        @Schema(description = "Wrap every prompt in each model's chat template (every model involved must have "
                + "one: see chatTemplate in GET /api/v1/models)", defaultValue = "false", nullable = true)
        Boolean chatTemplate,
        @Schema(description = "System prompt of the chat template; only with chatTemplate: true. Absent = the "
                + "template's default, \"\" = none", nullable = true)
        String systemPrompt,
        @Schema(description = "Use n examples of every task (n >= 2, n >= 4 with the debiased estimator), "
                + "chosen by sampling; default: every example", nullable = true, example = "16")
        Integer examplesPerTask,
        @Schema(description = "How the examplesPerTask examples are chosen; default: the first n")
        Sampling sampling,
        @Schema(description = "The similarity measure; default: linear kernel, biased estimator (the paper's CKA)")
        Similarity similarity,
        @Schema(description = "Permutation p-values and bootstrap intervals; default: none")
        Statistics statistics,
        @Schema(description = "private: only the submitting API key (and the admin) can see it",
                defaultValue = "public", allowableValues = {"public", "private"}, nullable = true)
        String visibility) {

    /**
     * One inline task: its prompts and, optionally, its own control model C_t.
     */
    @Schema(description = "An inline task")
    public record TaskDefinition(
            @Schema(description = "Unique within the experiment", example = "sentiment-movie-reviews") String name,
            @Schema(example = "sentiment") String cluster,
            @Schema(description = "C_t; overrides the experiment's controlModel for this task", nullable = true,
                    example = "all-minilm-l6-v2")
            String controlModel,
            @Schema(description = "The task's ready prompts, at least 2", example = "[\"Review: A gem.\\nPositive "
                    + "or negative?\", \"Review: Dull.\\nPositive or negative?\"]")
            List<String> prompts,
            @Schema(description = "Whether the task was held out of E's training (reported separately)",
                    defaultValue = "false", nullable = true)
            Boolean heldOut,
            @Schema(description = "Which split of the data the prompts come from", nullable = true,
                    example = "test")
            String split) {
    }

    /** How n examples are chosen from each task. */
    @Schema(description = "first: the first n examples; random: a seeded uniform sample of n without replacement, "
            + "kept in the task's order (Knuth's selection sampling driven by SplitMix64: the same seed gives the "
            + "same sample on every run)")
    public record Sampling(
            @Schema(allowableValues = {"first", "random"}, defaultValue = "first", example = "random") String method,
            @Schema(description = "Only with method random", defaultValue = "0", nullable = true, example = "42")
            Long seed) {
    }

    /** The kernel and HSIC estimator; the same options as POST /api/v1/similarity. */
    @Schema(description = "Kernel and estimator, with the same meaning and limits as POST /api/v1/similarity")
    public record Similarity(
            @Schema(allowableValues = {"linear", "rbf", "polynomial"}, defaultValue = "linear") String kernel,
            @Schema(description = "biased: HSIC0, the paper's; debiased: HSIC1 (Song et al. 2012), needs n >= 4",
                    allowableValues = {"biased", "debiased"}, defaultValue = "biased") String estimator,
            @Schema(description = "rbf only: sigma^2 = rbfThreshold^2 x median squared distance", defaultValue = "1.0",
                    nullable = true) Double rbfThreshold,
            @Schema(description = "polynomial only: (x.y / p + coef0)^degree, 1..10", defaultValue = "3",
                    nullable = true) Integer degree,
            @Schema(description = "polynomial only", defaultValue = "1.0", nullable = true) Double coef0) {
    }

    /** Resampling statistics of every CKA value. */
    @Schema(description = "Resampling statistics per CKA value; the same limits as POST /api/v1/similarity")
    public record Statistics(
            @Schema(description = "Permutation-test resamples for p-values, 0..10000", defaultValue = "0",
                    example = "200") Integer permutations,
            @Schema(description = "Bootstrap resamples for intervals, 0..10000; needs estimator debiased",
                    defaultValue = "0", example = "200") Integer bootstrap,
            @Schema(description = "Level of the bootstrap intervals, in (0, 1); only with bootstrap",
                    defaultValue = "0.95", nullable = true) Double confidence,
            @Schema(description = "Seed of all resampling; only with permutations or bootstrap", defaultValue = "0",
                    nullable = true) Long seed) {
    }
}
