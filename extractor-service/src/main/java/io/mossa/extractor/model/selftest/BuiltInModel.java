package io.mossa.extractor.model.selftest;

import java.util.List;

/**
 * The self-test's checkpoints: one tiny model per architecture family the service runs, each exercising
 * its family's distinctive parts (GPT-2's Conv1D and learned positions, Llama's rotary embedding with
 * grouped key/value heads, Qwen2's q/k/v biases, BERT's bidirectional post-norm layers). Written as
 * float32 safetensors when a self-test runs, from a fixed seed, so every run computes the same numbers.
 */
enum BuiltInModel {

    GPT2("{\"model_type\":\"gpt2\",\"n_embd\":32,\"n_layer\":2,\"n_head\":4,\"n_positions\":32,"
            + "\"vocab_size\":64,\"activation_function\":\"gelu_new\",\"layer_norm_epsilon\":1e-5}"),
    LLAMA("{\"model_type\":\"llama\",\"hidden_size\":32,\"num_hidden_layers\":2,\"num_attention_heads\":4,"
            + "\"num_key_value_heads\":2,\"intermediate_size\":64,\"vocab_size\":64,"
            + "\"max_position_embeddings\":32,\"rms_norm_eps\":1e-6}"),
    QWEN2("{\"model_type\":\"qwen2\",\"hidden_size\":32,\"num_hidden_layers\":2,\"num_attention_heads\":4,"
            + "\"num_key_value_heads\":2,\"intermediate_size\":64,\"vocab_size\":64,"
            + "\"max_position_embeddings\":32,\"rms_norm_eps\":1e-6,\"rope_theta\":1000000.0}"),
    BERT("{\"model_type\":\"bert\",\"hidden_size\":32,\"num_hidden_layers\":2,\"num_attention_heads\":4,"
            + "\"intermediate_size\":64,\"vocab_size\":64,\"max_position_embeddings\":32,"
            + "\"type_vocab_size\":2,\"layer_norm_eps\":1e-12,\"hidden_act\":\"gelu\"}");

    /** Weights ±[1/8, 1/4): large enough for every layer of a 32-wide model to move the states. */
    static final int MAGNITUDE_EXPONENT = -3;

    /** Three inputs of different lengths, run as one padded batch on the device and alone as the reference. */
    static final List<long[]> INPUTS = List.of(
            new long[] {1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41},
            new long[] {2, 60, 7},
            new long[] {63, 0, 31, 32, 8, 16, 4});

    private final String config;

    BuiltInModel(String config) {
        this.config = config;
    }

    String config() {
        return config;
    }

    String architecture() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
