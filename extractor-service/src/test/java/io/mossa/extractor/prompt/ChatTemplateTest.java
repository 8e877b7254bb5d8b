package io.mossa.extractor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {

    /** What transformers' Llama-2 chat template renders for one user turn (its bos_token left to the tokenizer). */
    @Test
    void llama2RendersTheInstFormatWithAndWithoutSystemPrompt() {
        assertThat(ChatTemplate.LLAMA_2.render("What is 2+2? ", "Answer briefly. "))
                .isEqualTo("[INST] <<SYS>>\nAnswer briefly.\n<</SYS>>\n\nWhat is 2+2? [/INST]");
        assertThat(ChatTemplate.LLAMA_2.render(" Hi", "")).isEqualTo("[INST] Hi [/INST]");
        assertThat(ChatTemplate.LLAMA_2.render("Hi", null)).isEqualTo("[INST] <<SYS>>\n"
                + "You are a helpful, respectful and honest assistant. Always answer as helpfully as possible, while "
                + "being safe. Your answers should not include any harmful, unethical, racist, sexist, toxic, "
                + "dangerous, or illegal content. Please ensure that your responses are socially unbiased and positive "
                + "in nature.\n\nIf a question does not make any sense, or is not factually coherent, explain why "
                + "instead of answering something not correct. If you don't know the answer to a question, please "
                + "don't share false information.\n<</SYS>>\n\nHi [/INST]");
    }

    @Test
    void plainKeepsTheTextAndPrependsASystemPrompt() {
        assertThat(ChatTemplate.PLAIN.render("Hi", null)).isEqualTo("Hi");
        assertThat(ChatTemplate.PLAIN.render("Hi", "Be kind.")).isEqualTo("Be kind.\n\nHi");
    }

    @Test
    void detectsLlama2FromTokenizerConfigAndHonoursConfiguration(@TempDir Path dir) throws Exception {
        assertThat(ChatTemplates.detect(dir, null)).isNull();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{{ bos_token }}[INST] "
                + "<<SYS>>\\n{{ system }}\\n<</SYS>>\\n\\n{{ user }} [/INST]\"}");
        assertThat(ChatTemplates.detect(dir, null)).isEqualTo(ChatTemplate.LLAMA_2);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"<|im_start|>{{ m }}\"}");
        assertThat(ChatTemplates.detect(dir, null)).isNull();
        assertThat(ChatTemplates.detect(dir, "plain")).isEqualTo(ChatTemplate.PLAIN);
        assertThatThrownBy(() -> ChatTemplates.detect(dir, "chatml")).hasMessageContaining("'chatml' is unknown");
    }
}
