package io.mossa.extractor.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One registered model as listed by {@code GET /v1/models}. Valid layer indices are 0..numLayers.
 * For an unusable model the shape fields are null and {@code problem} says why.
 */
@Schema(description = "A registered model; layer indices 0..numLayers are valid (0 = embedding output)")
public record ModelDescriptor(
        @Schema(example = "all-minilm-l6-v2") String id,
        @Schema(example = "onnx") String format,
        @Schema(example = "bert") String architecture,
        @Schema(example = "6") Integer numLayers,
        @Schema(example = "384") Integer hiddenSize,
        @Schema(example = "float32", description = "float32, or int8 for quantized graphs") String dtype,
        @Schema(example = "512") Integer maxTokens,
        @Schema(example = "30522") Integer vocabSize,
        @Schema(description = "whether the inference session is in memory") boolean loaded,
        boolean usable,
        @Schema(description = "why the model cannot be used, or null") String problem) {
}
