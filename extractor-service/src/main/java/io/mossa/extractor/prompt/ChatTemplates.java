package io.mossa.extractor.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which template a model directory uses: a configured name wins (base models such as Llama-2-7b-hf ship
 * no template, yet the paper prompts them in the chat format); otherwise the chat_template of
 * tokenizer_config.json is recognised by its Llama-2 markers. Anything else has no known template.
 */
public final class ChatTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatTemplates() {
    }

    /**
     * @param configured the value of mossa.extractor.chat-templates.&lt;id&gt;, or null
     * @return null when the model has no known template
     * @throws IllegalArgumentException when {@code configured} names no template
     */
    public static ChatTemplate detect(Path dir, String configured) throws IOException {
        if (configured != null) {
            ChatTemplate template = ChatTemplate.parse(configured);
            if (template == null) {
                throw new IllegalArgumentException("chat template '" + configured + "' is unknown; known: "
                        + ChatTemplate.knownNames());
            }
            return template;
        }
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(tokenizerConfig)) {
            return null;
        }
        try {
            JsonNode template = JSON.readTree(Files.readString(tokenizerConfig)).get("chat_template");
            String text = template == null ? "" : template.isString() ? template.asString() : template.toString();
            return text.contains("[INST]") && text.contains("<<SYS>>") ? ChatTemplate.LLAMA_2 : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
