package io.mossa.gateway.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

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
        boolean loaded,
        boolean usable,
        String problem) {
}
