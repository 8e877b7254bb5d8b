package io.mossa.extractor.model.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mossa.extractor.model.hf.llama.LlamaSpec;

import org.junit.jupiter.api.Test;

/** What config.json fields mean for each architecture, and which ones are refused by name. */
class ArchitectureSpecTest {

    private static ArchitectureSpec spec(String json) throws HfCheckpointException {
        return HfArchitectures.spec(HfConfig.parse(json));
    }

    @Test
    void slidingWindowCapsTheInputLengthInsteadOfBeingIgnored() throws Exception {
        String base = "\"hidden_size\": 32, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                + "\"num_hidden_layers\": 2, \"intermediate_size\": 64, \"vocab_size\": 50, "
                + "\"max_position_embeddings\": 64";
        assertThat(spec("{\"model_type\": \"mistral\", " + base + ", \"sliding_window\": 16}").maxTokens()).isEqualTo(16);
        assertThat(spec("{\"model_type\": \"mistral\", " + base + ", \"sliding_window\": null}").maxTokens()).isEqualTo(64);
        assertThat(spec("{\"model_type\": \"qwen2\", " + base + ", \"sliding_window\": 16}").maxTokens()).isEqualTo(64);
        assertThat(spec("{\"model_type\": \"qwen2\", " + base + ", \"use_sliding_window\": true, \"sliding_window\": 16}")
                .maxTokens()).isEqualTo(16);
        LlamaSpec qwen = (LlamaSpec) spec("{\"model_type\": \"qwen2\", " + base + "}");
        assertThat(qwen.qkvBias()).isTrue();
        assertThat(qwen.outputBias()).isFalse();
        LlamaSpec llama = (LlamaSpec) spec("{\"model_type\": \"llama\", " + base + ", \"attention_bias\": true}");
        assertThat(llama.qkvBias()).isTrue();
        assertThat(llama.outputBias()).isTrue();
        assertThat(llama.tensors()).extracting(TensorSpec::name).contains("layers.1.self_attn.o_proj.bias")
                .doesNotContain("lm_head.weight");
    }

    @Test
    void unsupportedOptionsAreRefusedByName() {
        assertThatThrownBy(() -> spec("{\"model_type\": \"t5\"}"))
                .hasMessageContaining("model_type \"t5\" is not supported; supported: bert, gpt2, llama, mistral, qwen2");
        assertThatThrownBy(() -> spec("{\"hidden_size\": 8}")).hasMessageContaining("\"model_type\" is missing");
        assertThatThrownBy(() -> spec("{\"model_type\": \"llama\", \"rope_scaling\": {\"rope_type\": \"yarn\", "
                + "\"factor\": 4}}")).hasMessageContaining("rope_scaling type \"yarn\" is not supported");
        assertThatThrownBy(() -> spec("{\"model_type\": \"llama\", \"num_attention_heads\": 4, "
                + "\"num_key_value_heads\": 3, \"hidden_size\": 32}")).hasMessageContaining("num_key_value_heads 3");
        assertThatThrownBy(() -> spec("{\"model_type\": \"gpt2\", \"scale_attn_by_inverse_layer_idx\": true}"))
                .hasMessageContaining("scale_attn_by_inverse_layer_idx");
        assertThatThrownBy(() -> spec("{\"model_type\": \"bert\", \"hidden_act\": \"gelu_fast\"}"))
                .hasMessageContaining("\"hidden_act\" = \"gelu_fast\" is not supported");
        assertThatThrownBy(() -> spec("{\"model_type\": \"bert\", \"num_hidden_layers\": \"six\"}"))
                .hasMessageContaining("\"num_hidden_layers\" is \"six\"; a positive integer is required");
        assertThatThrownBy(() -> spec("{\"model_type\": \"bert\", \"position_embedding_type\": \"relative_key\"}"))
                .hasMessageContaining("relative_key");
    }
}
