package io.mossa.cka.extractor;

/**
 * How the extractor turns each prompt text into model input: as it is, or wrapped in the model's chat template
 * with a system prompt (null = the template's default, "" = none). Activations of differently formatted prompts
 * differ, so the format is part of the activation cache key.
 */
public record PromptFormat(boolean chatTemplate, String systemPrompt) {

    /** Plain text, no template. */
    public static final PromptFormat PLAIN = new PromptFormat(false, null);

    public PromptFormat {
        if (!chatTemplate && systemPrompt != null) {
            throw new IllegalArgumentException("a system prompt needs the chat template");
        }
    }
}
