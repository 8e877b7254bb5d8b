package io.mossa.extractor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.selftest.SyntheticCheckpoint;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/**
 * Random checkpoints of real models' shapes for the forward benchmark, written by {@link SyntheticCheckpoint}
 * in shards of at most 7 GiB with model.safetensors.index.json, as the Hub lays out large models.
 */
public final class RandomCheckpoint {

    /** Model shapes the benchmark knows, as config.json text. */
    public enum ModelShape {
        GPT2_SMALL("{\"model_type\":\"gpt2\",\"n_embd\":768,\"n_layer\":12,\"n_head\":12,\"n_positions\":1024,"
                + "\"vocab_size\":50257,\"activation_function\":\"gelu_new\",\"layer_norm_epsilon\":1e-5}"),
        /** TinyLlama-1.1B's shape (grouped-query attention, 4 key/value heads). */
        LLAMA_1B("{\"model_type\":\"llama\",\"hidden_size\":2048,\"num_hidden_layers\":22,"
                + "\"num_attention_heads\":32,\"num_key_value_heads\":4,\"intermediate_size\":5632,"
                + "\"vocab_size\":32000,\"max_position_embeddings\":2048,\"rms_norm_eps\":1e-5}"),
        /** Llama-2-7B's shape. */
        LLAMA_7B("{\"model_type\":\"llama\",\"hidden_size\":4096,\"num_hidden_layers\":32,"
                + "\"num_attention_heads\":32,\"num_key_value_heads\":32,\"intermediate_size\":11008,"
                + "\"vocab_size\":32000,\"max_position_embeddings\":4096,\"rms_norm_eps\":1e-5}");

        private final String config;

        ModelShape(String config) {
            this.config = config;
        }

        public String config() {
            return config;
        }

        public static ModelShape parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private RandomCheckpoint() {
    }

    /** @return bytes written */
    public static long write(Path dir, ModelShape shape, SafetensorsDType dtype, long seed)
            throws IOException, HfCheckpointException {
        // weights of magnitude 2^-6 keep a 32-layer, 4096-wide random model finite
        return SyntheticCheckpoint.write(dir, shape.config(), dtype, 7L << 30, seed, -6);
    }
}
