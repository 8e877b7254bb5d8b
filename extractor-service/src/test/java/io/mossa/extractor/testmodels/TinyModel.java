package io.mossa.extractor.testmodels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny transformer with random weights (fixed seed) that the tests write as a HuggingFace checkpoint
 * directory in several Hub layouts, and that {@link ReferenceTransformer} runs in plain double loops.
 *
 * <p>Every weight lies on a grid of 1/128 with at most 8 significant bits, so F32, F16 and BF16 files
 * hold exactly the same numbers: the three dtypes must then give identical hidden states.
 */
public final class TinyModel {

    public static final List<String> WORDS = List.of("the", "cat", "sat", "on", "a", "mat", "dog", "ran", "far",
            "away", "hello", "world", "why", "?", ".", ",", "[", "INST", "]", "[/", "<<", "SYS", ">>", "<</", "you",
            "are", "helpful", "be", "brief", "green", "ideas", "sleep", "again", "and", "then", "some");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String modelType;
    public final int layers;
    public final int hidden;
    public final int heads;
    public final int kvHeads;
    public final int inner;
    public final int vocab;
    public final int positions;
    public final double eps;
    public final double ropeTheta;
    /** factor, low_freq_factor, high_freq_factor, original_max_position_embeddings; null = no scaling. */
    public final double[] llama3Scaling;
    public final boolean qkvBias;
    public final List<String> vocabulary;
    public final Map<String, float[]> weights = new LinkedHashMap<>();
    public final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random random;

    private TinyModel(String modelType, int layers, int hidden, int heads, int kvHeads, int inner, int positions,
            double eps, double ropeTheta, double[] llama3Scaling, boolean qkvBias, List<String> specials, long seed) {
        this.modelType = modelType;
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.inner = inner;
        this.positions = positions;
        this.eps = eps;
        this.ropeTheta = ropeTheta;
        this.llama3Scaling = llama3Scaling;
        this.qkvBias = qkvBias;
        List<String> vocabulary = new ArrayList<>(specials);
        vocabulary.addAll(WORDS);
        this.vocabulary = List.copyOf(vocabulary);
        this.vocab = vocabulary.size();
        this.random = new Random(seed);
    }

    public int headDim() {
        return hidden / heads;
    }

    public static TinyModel gpt2(long seed) {
        TinyModel m = new TinyModel("gpt2", 3, 32, 4, 4, 128, 48, 1e-5, 0, null, false, List.of("<|endoftext|>"), seed);
        m.add("wte.weight", 0.5, m.vocab, m.hidden);
        m.add("wpe.weight", 0.3, m.positions, m.hidden);
        for (int i = 0; i < m.layers; i++) {
            String p = "h." + i + ".";
            m.norm(p + "ln_1", true);
            m.add(p + "attn.c_attn.weight", 0.25, m.hidden, 3L * m.hidden);
            m.add(p + "attn.c_attn.bias", 0.1, 3L * m.hidden);
            m.add(p + "attn.c_proj.weight", 0.2, m.hidden, m.hidden);
            m.add(p + "attn.c_proj.bias", 0.1, m.hidden);
            m.norm(p + "ln_2", true);
            m.add(p + "mlp.c_fc.weight", 0.2, m.hidden, m.inner);
            m.add(p + "mlp.c_fc.bias", 0.1, m.inner);
            m.add(p + "mlp.c_proj.weight", 0.1, m.inner, m.hidden);
            m.add(p + "mlp.c_proj.bias", 0.1, m.hidden);
        }
        m.norm("ln_f", true);
        return m;
    }

    /** Llama, Mistral or Qwen2 (q/k/v biases); kvHeads < 4 gives grouped-query attention. */
    public static TinyModel llamaFamily(String type, long seed, int kvHeads, double ropeTheta, double[] llama3Scaling) {
        boolean qwen2 = type.equals("qwen2");
        TinyModel m = new TinyModel(type, 3, 32, 4, kvHeads, 64, 64, 1e-6, ropeTheta, llama3Scaling, qwen2,
                List.of("<unk>", "<s>", "</s>"), seed);
        int hd = m.headDim();
        m.add("embed_tokens.weight", 0.5, m.vocab, m.hidden);
        for (int i = 0; i < m.layers; i++) {
            String p = "layers." + i + ".";
            m.norm(p + "input_layernorm", false);
            m.add(p + "self_attn.q_proj.weight", 0.25, (long) m.heads * hd, m.hidden);
            m.add(p + "self_attn.k_proj.weight", 0.25, (long) kvHeads * hd, m.hidden);
            m.add(p + "self_attn.v_proj.weight", 0.25, (long) kvHeads * hd, m.hidden);
            if (qwen2) {
                m.add(p + "self_attn.q_proj.bias", 0.2, (long) m.heads * hd);
                m.add(p + "self_attn.k_proj.bias", 0.2, (long) kvHeads * hd);
                m.add(p + "self_attn.v_proj.bias", 0.2, (long) kvHeads * hd);
            }
            m.add(p + "self_attn.o_proj.weight", 0.2, m.hidden, (long) m.heads * hd);
            m.norm(p + "post_attention_layernorm", false);
            m.add(p + "mlp.gate_proj.weight", 0.25, m.inner, m.hidden);
            m.add(p + "mlp.up_proj.weight", 0.25, m.inner, m.hidden);
            m.add(p + "mlp.down_proj.weight", 0.15, m.hidden, m.inner);
        }
        m.norm("norm", false);
        return m;
    }

    public static TinyModel bert(long seed) {
        TinyModel m = new TinyModel("bert", 3, 32, 4, 4, 64, 40, 1e-12, 0, null, false,
                List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]"), seed);
        m.add("embeddings.word_embeddings.weight", 0.5, m.vocab, m.hidden);
        m.add("embeddings.position_embeddings.weight", 0.3, m.positions, m.hidden);
        m.add("embeddings.token_type_embeddings.weight", 0.3, 2, m.hidden);
        m.norm("embeddings.LayerNorm", true);
        for (int i = 0; i < m.layers; i++) {
            String p = "encoder.layer." + i + ".";
            for (String part : List.of("query", "key", "value")) {
                m.add(p + "attention.self." + part + ".weight", 0.25, m.hidden, m.hidden);
                m.add(p + "attention.self." + part + ".bias", 0.1, m.hidden);
            }
            m.add(p + "attention.output.dense.weight", 0.2, m.hidden, m.hidden);
            m.add(p + "attention.output.dense.bias", 0.1, m.hidden);
            m.norm(p + "attention.output.LayerNorm", true);
            m.add(p + "intermediate.dense.weight", 0.25, m.inner, m.hidden);
            m.add(p + "intermediate.dense.bias", 0.1, m.inner);
            m.add(p + "output.dense.weight", 0.15, m.hidden, m.inner);
            m.add(p + "output.dense.bias", 0.1, m.hidden);
            m.norm(p + "output.LayerNorm", true);
        }
        return m;
    }

    /** The final norm set to the identity (weight 1, bias 0), for checking that the last entry is normed. */
    public TinyModel withIdentityFinalNorm() {
        String norm = switch (modelType) {
            case "gpt2" -> "ln_f";
            case "bert" -> throw new IllegalStateException("BERT has no final norm");
            default -> "norm";
        };
        java.util.Arrays.fill(weights.get(norm + ".weight"), 1f);
        if (weights.containsKey(norm + ".bias")) {
            java.util.Arrays.fill(weights.get(norm + ".bias"), 0f);
        }
        return this;
    }

    private void add(String name, double std, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = grid(random.nextGaussian() * std);
        }
        weights.put(name, values);
        shapes.put(name, shape);
    }

    private void norm(String name, boolean withBias) {
        float[] gamma = new float[hidden];
        for (int i = 0; i < hidden; i++) {
            gamma[i] = grid(1 + 0.2 * random.nextGaussian());
        }
        weights.put(name + ".weight", gamma);
        shapes.put(name + ".weight", new long[] {hidden});
        if (withBias) {
            add(name + ".bias", 0.1, hidden);
        }
    }

    /** k/128 with |k| <= 255: exact in float16 and bfloat16. */
    private static float grid(double value) {
        long k = Math.max(-255, Math.min(255, Math.round(value * 128)));
        return k / 128f;
    }

    public int id(String token) {
        int id = vocabulary.indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException(token);
        }
        return id;
    }

    public double[] weight(String name) {
        float[] f = weights.get(name);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    // ------------------------------------------------------------------ checkpoint files

    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", modelType);
        c.put("vocab_size", vocab);
        switch (modelType) {
            case "gpt2" -> {
                c.put("architectures", List.of("GPT2LMHeadModel"));
                c.put("n_embd", hidden);
                c.put("n_layer", layers);
                c.put("n_head", heads);
                c.put("n_positions", positions);
                c.put("n_inner", inner);
                c.put("layer_norm_epsilon", eps);
                c.put("activation_function", "gelu_new");
            }
            case "bert" -> {
                c.put("architectures", List.of("BertModel"));
                c.put("hidden_size", hidden);
                c.put("num_hidden_layers", layers);
                c.put("num_attention_heads", heads);
                c.put("intermediate_size", inner);
                c.put("max_position_embeddings", positions);
                c.put("type_vocab_size", 2);
                c.put("layer_norm_eps", eps);
                c.put("hidden_act", "gelu");
            }
            default -> {
                c.put("hidden_size", hidden);
                c.put("num_hidden_layers", layers);
                c.put("num_attention_heads", heads);
                c.put("num_key_value_heads", kvHeads);
                c.put("intermediate_size", inner);
                c.put("max_position_embeddings", positions);
                c.put("rms_norm_eps", eps);
                c.put("rope_theta", ropeTheta);
                c.put("hidden_act", "silu");
                c.put("tie_word_embeddings", false);
                if (llama3Scaling != null) {
                    c.put("rope_scaling", Map.of("rope_type", "llama3", "factor", llama3Scaling[0],
                            "low_freq_factor", llama3Scaling[1], "high_freq_factor", llama3Scaling[2],
                            "original_max_position_embeddings", (int) llama3Scaling[3]));
                }
                if (modelType.equals("mistral")) {
                    c.put("sliding_window", 4096);
                }
            }
        }
        return c;
    }

    /**
     * How the checkpoint is laid out on disk.
     *
     * @param dtype        F32, F16 or BF16
     * @param prefixed     names carry the head model's prefix (transformer. / model. / bert.)
     * @param legacyNorms  LayerNorm parameters named gamma/beta
     * @param extraBuffers buffers the Hub keeps next to weights (attn.bias masks, position_ids, inv_freq)
     * @param lmHead       an untied lm_head.weight is stored
     * @param shards       1 = model.safetensors, more = model-0000k-of-0000n.safetensors + index
     */
    public record Layout(String dtype, boolean prefixed, boolean legacyNorms, boolean extraBuffers, boolean lmHead,
            int shards) {

        public static Layout plain(String dtype) {
            return new Layout(dtype, false, false, false, false, 1);
        }
    }

    public Path write(Path dir, Layout layout) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config()));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson());
        String prefix = !layout.prefixed() ? "" : switch (modelType) {
            case "gpt2" -> "transformer.";
            case "bert" -> "bert.";
            default -> "model.";
        };
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, float[]> w : weights.entrySet()) {
            String name = w.getKey();
            if (layout.legacyNorms() && isNorm(name)) {
                name = name.replaceAll("\\.weight$", ".gamma").replaceAll("\\.bias$", ".beta");
            }
            entries.add(new SafetensorsWriter.Entry(prefix + name, layout.dtype(), shapes.get(w.getKey()), w.getValue()));
        }
        if (layout.extraBuffers()) {
            entries.addAll(buffers(prefix));
        }
        if (layout.lmHead()) {
            float[] head = new float[vocab * hidden];
            for (int i = 0; i < head.length; i++) {
                head[i] = grid(random.nextGaussian() * 0.3);
            }
            entries.add(new SafetensorsWriter.Entry("lm_head.weight", layout.dtype(), new long[] {vocab, hidden}, head));
        }
        if (layout.shards() <= 1) {
            SafetensorsWriter.write(dir.resolve("model.safetensors"), entries);
            return dir;
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        int perShard = (entries.size() + layout.shards() - 1) / layout.shards();
        for (int s = 0; s < layout.shards(); s++) {
            List<SafetensorsWriter.Entry> shard = entries.subList(s * perShard, Math.min(entries.size(), (s + 1) * perShard));
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, layout.shards());
            SafetensorsWriter.write(dir.resolve(file), shard);
            shard.forEach(e -> weightMap.put(e.name(), file));
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                JSON.writeValueAsString(Map.of("metadata", Map.of("total_size", 0), "weight_map", weightMap)));
        return dir;
    }

    private static boolean isNorm(String name) {
        return name.contains("LayerNorm") || name.contains("ln_") || name.contains("norm");
    }

    private List<SafetensorsWriter.Entry> buffers(String prefix) {
        List<SafetensorsWriter.Entry> extra = new ArrayList<>();
        switch (modelType) {
            case "gpt2" -> {
                float[] tril = new float[positions * positions];
                for (int i = 0; i < positions; i++) {
                    for (int j = 0; j <= i; j++) {
                        tril[i * positions + j] = 1;
                    }
                }
                for (int i = 0; i < layers; i++) {
                    extra.add(new SafetensorsWriter.Entry(prefix + "h." + i + ".attn.bias", "F32",
                            new long[] {1, 1, positions, positions}, tril));
                    extra.add(new SafetensorsWriter.Entry(prefix + "h." + i + ".attn.masked_bias", "F32",
                            new long[] {}, new float[] {-1e4f}));
                }
            }
            case "bert" -> {
                long[] ids = new long[positions];
                for (int i = 0; i < positions; i++) {
                    ids[i] = i;
                }
                extra.add(new SafetensorsWriter.Entry(prefix + "embeddings.position_ids", "I64",
                        new long[] {1, positions}, ids));
                extra.add(new SafetensorsWriter.Entry(prefix + "pooler.dense.weight", "F32",
                        new long[] {hidden, hidden}, new float[hidden * hidden]));
            }
            default -> {
                for (int i = 0; i < layers; i++) {
                    extra.add(new SafetensorsWriter.Entry(prefix + "layers." + i + ".self_attn.rotary_emb.inv_freq",
                            "F32", new long[] {headDim() / 2}, new float[headDim() / 2]));
                }
            }
        }
        return extra;
    }

    /** A WordLevel tokenizer.json over {@link #vocabulary} with the architecture's special tokens. */
    public String tokenizerJson() {
        Map<String, Integer> vocabMap = new LinkedHashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            vocabMap.put(vocabulary.get(i), i);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        for (String token : vocabulary) {
            if (WORDS.contains(token)) {
                continue;
            }
            added.add(Map.of("id", vocabulary.indexOf(token), "content", token, "single_word", false, "lstrip", false,
                    "rstrip", false, "normalized", false, "special", true));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        root.put("added_tokens", added);
        root.put("normalizer", null);
        root.put("pre_tokenizer", Map.of("type", "Whitespace"));
        List<String> before = switch (modelType) {
            case "gpt2" -> List.of();
            case "bert" -> List.of("[CLS]");
            default -> List.of("<s>");
        };
        List<String> after = modelType.equals("bert") ? List.of("[SEP]") : List.of();
        root.put("post_processor", before.isEmpty() && after.isEmpty() ? null : template(before, after));
        root.put("decoder", null);
        String unk = modelType.equals("bert") ? "[UNK]" : modelType.equals("gpt2") ? "<|endoftext|>" : "<unk>";
        root.put("model", Map.of("type", "WordLevel", "vocab", vocabMap, "unk_token", unk));
        return JSON.writeValueAsString(root);
    }

    private Map<String, Object> template(List<String> before, List<String> after) {
        List<Object> single = new ArrayList<>();
        Map<String, Object> specials = new LinkedHashMap<>();
        for (String t : before) {
            single.add(Map.of("SpecialToken", Map.of("id", t, "type_id", 0)));
            specials.put(t, Map.of("id", t, "ids", List.of(id(t)), "tokens", List.of(t)));
        }
        single.add(Map.of("Sequence", Map.of("id", "A", "type_id", 0)));
        for (String t : after) {
            single.add(Map.of("SpecialToken", Map.of("id", t, "type_id", 0)));
            specials.put(t, Map.of("id", t, "ids", List.of(id(t)), "tokens", List.of(t)));
        }
        List<Object> pair = new ArrayList<>(single);
        pair.add(Map.of("Sequence", Map.of("id", "B", "type_id", 1)));
        return Map.of("type", "TemplateProcessing", "single", single, "pair", pair, "special_tokens", specials);
    }
}
