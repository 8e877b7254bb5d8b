package io.mossa.contract.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The task set version an experiment's tasks came from, recorded with it (both null for inline tasks). Issue 12
 * makes this the data itself: the reference plus a selection (first n, or a seeded {@link Sampling}) that
 * cka-service resolves, instead of prompts carried in the request.
 */
public record TaskSetRef(
        @JsonProperty("taskSetId")
        @Schema(description = "The task set the tasks came from, or null for inline tasks", nullable = true,
                example = "demo")
        String id,
        @JsonProperty("taskSetVersion")
        @Schema(description = "The task set version used (resolved when the experiment was submitted)",
                nullable = true, example = "1")
        Integer version) {

    public static TaskSetRef inline() {
        return new TaskSetRef(null, null);
    }
}
