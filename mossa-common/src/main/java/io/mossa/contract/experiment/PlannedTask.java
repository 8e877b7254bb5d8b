package io.mossa.contract.experiment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One task as cka-service runs it: its control model C_t and the examples chosen for it. */
public record PlannedTask(
        String name,
        String cluster,
        String controlModel,
        List<String> prompts,
        @Schema(description = "a task the experimental model was not trained on", defaultValue = "false")
        Boolean heldOut,
        @Schema(description = "the split the prompts came from", example = "test", nullable = true)
        String split) {

    public boolean isHeldOut() {
        return Boolean.TRUE.equals(heldOut);
    }
}
