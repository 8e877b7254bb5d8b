package io.mossa.extractor.prompt;

import java.util.Arrays;

/**
 * The prompt formats this service can apply, written out in Java rather than by a Jinja engine: the
 * set is small and each is checked against the string transformers' template produces.
 *
 * <p>The rendered text carries no BOS token: the model's tokenizer adds it, as it does for any text
 * input (transformers' apply_chat_template puts {@code <s>} in the string and then tokenizes without
 * special tokens, which gives the same ids).
 */
public enum ChatTemplate {

    /**
     * Llama-2 chat: {@code [INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST]}, the system block
     * left out when the system prompt is empty. The paper's setting uses {@link #LLAMA_2_DEFAULT_SYSTEM_PROMPT}.
     */
    LLAMA_2("llama-2", ChatTemplate.LLAMA_2_DEFAULT_SYSTEM_PROMPT),
    /** No instruction markup: {@code {system}\n\n{user}}, or the user text alone without a system prompt. */
    PLAIN("plain", "");

    /** The default system prompt of Meta's Llama-2 chat models (transformers' LlamaTokenizer). */
    public static final String LLAMA_2_DEFAULT_SYSTEM_PROMPT = "You are a helpful, respectful and honest assistant. "
            + "Always answer as helpfully as possible, while being safe. Your answers should not include any harmful, "
            + "unethical, racist, sexist, toxic, dangerous, or illegal content. Please ensure that your responses are "
            + "socially unbiased and positive in nature.\n\nIf a question does not make any sense, or is not factually "
            + "coherent, explain why instead of answering something not correct. If you don't know the answer to a "
            + "question, please don't share false information.";

    private final String wireName;
    private final String defaultSystemPrompt;

    ChatTemplate(String wireName, String defaultSystemPrompt) {
        this.wireName = wireName;
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    public String wireName() {
        return wireName;
    }

    public String defaultSystemPrompt() {
        return defaultSystemPrompt;
    }

    /** @return null when the name is not a template */
    public static ChatTemplate parse(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst().orElse(null);
    }

    public static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(ChatTemplate::wireName).toList());
    }

    /**
     * One user turn, the prompt of the last-token setting.
     *
     * @param systemPrompt null for the template's default, "" for none
     */
    public String render(String user, String systemPrompt) {
        String system = systemPrompt == null ? defaultSystemPrompt : systemPrompt;
        return switch (this) {
            case LLAMA_2 -> {
                // as transformers' Llama-2 template: system stripped, the whole turn stripped
                String content = (system.isEmpty() ? "" : "<<SYS>>\n" + system.strip() + "\n<</SYS>>\n\n") + user;
                yield "[INST] " + content.strip() + " [/INST]";
            }
            case PLAIN -> system.isEmpty() ? user : system + "\n\n" + user;
        };
    }
}
