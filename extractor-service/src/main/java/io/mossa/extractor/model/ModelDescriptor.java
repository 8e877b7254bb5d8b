package io.mossa.extractor.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One registered model as listed by {@code GET /v1/models}. Valid layer indices are 0..numLayers.
 * For an unusable model the shape fields are null and {@code problem} says why.
 */
@Schema(description = "A registered model; layer indices 0..numLayers are valid (0 = embedding output)")
public record ModelDescriptor(
        @Schema(example = "all-minilm-l6-v2") String id,
        @Schema(example = "onnx", description = "onnx or safetensors (HuggingFace checkpoint)") String format,
        @Schema(example = "bert", description = "bert, gpt2, llama, mistral or qwen2") String architecture,
        @Schema(example = "6") Integer numLayers,
        @Schema(example = "384") Integer hiddenSize,
        @Schema(example = "float32", description = "as stored: float32, float16, bfloat16, or int8 for quantized "
                + "graphs") String dtype,
        @Schema(example = "512", description = "longest input in tokens") Integer maxTokens,
        @Schema(example = "30522") Integer vocabSize,
        @Schema(example = "float32", description = "precision of the forward pass") String computeDtype,
        @Schema(example = "cpu()") String device,
        @Schema(description = "weights read by the forward pass; null for ONNX graphs") Long parameters,
        @Schema(description = "estimated memory when loaded, counted against mossa.extractor.memory-budget")
        Long memoryBytes,
        @Schema(example = "llama-2", description = "format applied by \"chatTemplate\": true, or null")
        String chatTemplate,
        @Schema(example = "sha256:9f2c...", description = "fingerprint of the model's files (see ModelRevision); "
                + "changes when the model files change, so clients can key caches on it; null when unusable")
        String revision,
        @Schema(description = "whether the weights are in memory now") boolean loaded,
        boolean usable,
        @Schema(description = "why the model cannot be used, or null") String problem,
        @Schema(example = "bundled", allowableValues = {"bundled", "models-dir", "registered"},
                description = "where the model comes from: built into the service, a sub-directory of "
                        + "mossa.extractor.models-dir, or registered with POST /v1/models (only these can be removed)")
        String source) {
}
