package io.mossa.contract.experiment;

import io.swagger.v3.oas.annotations.media.Schema;

/** How each prompt reaches the models: as written, or wrapped in each model's chat template. */
public record PromptFormat(
        @Schema(description = "Wrap every prompt in each model's chat template", defaultValue = "false",
                nullable = true)
        Boolean chatTemplate,
        @Schema(description = "System prompt of the chat template; only with chatTemplate: true. Absent = the "
                + "template's default, \"\" = none", nullable = true)
        String systemPrompt) {

    public static PromptFormat plain() {
        return new PromptFormat(false, null);
    }

    public static PromptFormat chat(String systemPrompt) {
        return new PromptFormat(true, systemPrompt);
    }

    public boolean usesChatTemplate() {
        return Boolean.TRUE.equals(chatTemplate);
    }

    public PromptFormat withDefaults() {
        return new PromptFormat(usesChatTemplate(), systemPrompt);
    }
}
