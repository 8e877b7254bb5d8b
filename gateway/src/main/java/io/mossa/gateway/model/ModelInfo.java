package io.mossa.gateway.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A model the extractor can load. Valid layer indices are 0 (the embedding output) to {@code numLayers}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelInfo(
        String id,
        String format,
        String architecture,
        Integer numLayers,
        Integer hiddenSize,
        String dtype,
        Integer maxTokens,
        Integer vocabSize,
        @Schema(description = "the chat template \"chatTemplate\": true applies (e.g. llama-2), or null when the "
                + "model has none", nullable = true, example = "llama-2")
        String chatTemplate,
        boolean loaded,
        boolean usable,
        String problem) {
}
