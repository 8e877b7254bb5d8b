package io.mossa.extractor.activation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * Body of {@code POST /v1/activations}. Unknown properties are rejected (spring.jackson setting in
 * application.yml) so that a misspelt field, say "layer", fails loudly instead of returning every layer.
 */
public record ActivationRequest(
        @NotBlank @Schema(example = "all-minilm-l6-v2") String model,
        @NotEmpty @Schema(description = "1..max-inputs (default 256) inputs") List<InputItem> inputs,
        @Schema(description = "hidden-state indices 0..numLayers (0 = embedding output); default all",
                example = "[0, 3, 6]") List<Integer> layers,
        @Schema(description = "last (last real token), mean (over real tokens) or none (every token)",
                allowableValues = {"last", "mean", "none"}, defaultValue = "last") String pooling,
        @Schema(description = "cut inputs longer than the model's maxTokens instead of answering 422",
                defaultValue = "false") Boolean truncate,
        @Schema(description = "wrap every text input in the model's chat template (see chatTemplate in "
                + "GET /v1/models); 422 for models without one", defaultValue = "false") Boolean chatTemplate,
        @Schema(description = "system prompt for the chat template; omitted = the template's default (for "
                + "llama-2 Meta's default system prompt), \"\" = none. Only with chatTemplate: true")
        String systemPrompt) {
}
