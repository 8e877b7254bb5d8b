package io.mossa.gateway.experiment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a researcher submits: compare an experimental model E (and optionally a baseline B) against a control
 * model per task, layer by layer, on the prompts of a task set.
 */
@Schema(description = "An experiment: CKA between E (and optionally B) and each task's control model C_t.")
public record ExperimentDefinition(
        @Schema(description = "Human-readable name", example = "int8 quantization vs fp32")
        String name,
        @Schema(description = "The experimental model E", example = "all-minilm-l6-v2-q")
        String experimentalModel,
        @Schema(description = "The control model C for every task that does not name its own",
                example = "all-minilm-l6-v2")
        String controlModel,
        @Schema(description = "Optional baseline B (e.g. the pretrained model), also compared with every control",
                nullable = true)
        String baselineModel,
        @Schema(description = "Id of a task set (see /api/v1/task-sets); give this or tasks, not both",
                example = "demo", nullable = true)
        String taskSet,
        @Schema(description = "Inline tasks; give this or taskSet, not both", nullable = true)
        List<TaskDefinition> tasks,
        @Schema(description = "Hidden-state indices (0 = embedding output); default: every layer all models have",
                nullable = true)
        List<Integer> layers,
        @Schema(description = "same: layer i of E with layer i of C; all: every layer pair", defaultValue = "same",
                allowableValues = {"same", "all"})
        String layerPairs,
        @Schema(description = "How a prompt's token states become one vector", defaultValue = "last",
                allowableValues = {"last", "mean"})
        String pooling,
        @Schema(description = "Use only the first n prompts of every task (n >= 2); default: all", nullable = true)
        Integer examplesPerTask) {

    /**
     * One task: its prompts and, optionally, its own control model C_t.
     */
    public record TaskDefinition(
            @Schema(example = "sentiment-movie-reviews") String name,
            @Schema(example = "sentiment") String cluster,
            @Schema(description = "Overrides the experiment's controlModel for this task", nullable = true)
            String controlModel,
            List<String> prompts) {
    }
}
