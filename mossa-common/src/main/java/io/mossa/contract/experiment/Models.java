package io.mossa.contract.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The models compared with each task's control: the experimental model E and, optionally, a baseline B (each
 * task names its control C_t). On the wire the fields sit in the experiment's own object.
 */
public record Models(
        @JsonProperty("experimentalModel")
        @Schema(description = "The experimental model E (see GET /api/v1/models)", example = "all-minilm-l6-v2-q")
        String experimental,
        @JsonProperty("baselineModel")
        @Schema(description = "Optional baseline B, also compared with every control", nullable = true,
                example = "all-minilm-l6-v2")
        String baseline) {
}
