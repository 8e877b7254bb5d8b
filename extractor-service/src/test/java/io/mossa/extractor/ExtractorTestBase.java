package io.mossa.extractor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mossa.extractor.testmodels.OnnxBertExport;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.extractor.testmodels.TinyModel.Layout;
import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Shared Spring context for every web test (same configuration, so Spring caches one context and the
 * models load once). The models directory holds a valid copy of the int8 model, a garbage model, an
 * incomplete one, and the HuggingFace checkpoints of {@link #createCheckpoints}. Limits are lowered so
 * that each can be hit with small requests.
 */
@SpringBootTest(properties = {
        "mossa.extractor.intra-op-threads=1",
        "mossa.extractor.max-inputs=8",
        "mossa.extractor.max-total-tokens=600",
        "mossa.extractor.max-request-bytes=65536",
        "mossa.extractor.max-response-values=300000",
        "mossa.extractor.cache-dir=target/extractor-cache"})
@AutoConfigureMockMvc
public abstract class ExtractorTestBase {

    protected static final TinyModel TINY_LLAMA = TinyModel.llamaFamily("llama", 21, 2, 10000, null);
    protected static final TinyModel TINY_GPT2 = TinyModel.gpt2(22);
    protected static final Path MODELS_DIR = createModelsDir();
    /** The only directory under which POST /v1/models may register models; starts empty. */
    protected static final Path MODEL_ROOT = createModelRoot();

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    static void modelsDir(DynamicPropertyRegistry registry) {
        registry.add("mossa.extractor.models-dir", MODELS_DIR::toString);
        registry.add("mossa.extractor.model-roots", MODEL_ROOT::toString);
        registry.add("mossa.extractor.compute-dtype.tiny-llama-bf16", () -> "bfloat16");
    }

    private static Path createModelRoot() {
        try {
            Path dir = Path.of("target", "test-model-root");
            if (Files.exists(dir)) {
                org.springframework.util.FileSystemUtils.deleteRecursively(dir);
            }
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createModelsDir() {
        try {
            Path dir = Path.of("target", "test-models");
            if (Files.exists(dir)) {
                org.springframework.util.FileSystemUtils.deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            Path copy = Files.createDirectories(dir.resolve("minilm-copy"));
            Files.write(copy.resolve("model.onnx"), OrtDirect.resource("all-minilm-l6-v2-q.onnx"));
            Files.write(copy.resolve("tokenizer.json"), OrtDirect.resource("all-minilm-l6-v2-q-tokenizer.json"));
            Path broken = Files.createDirectories(dir.resolve("broken"));
            Files.writeString(broken.resolve("model.onnx"), "garbage, not protobuf \u0000\u00ff");
            Files.write(broken.resolve("tokenizer.json"), OrtDirect.resource("all-minilm-l6-v2-tokenizer.json"));
            Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
            Files.writeString(incomplete.resolve("tokenizer.json"), "{}");
            createCheckpoints(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * HuggingFace checkpoints written by the test: working tiny models (one with a Llama-2 chat template
     * in its tokenizer_config.json), MiniLM's ONNX weights as safetensors, and every kind of broken one.
     */
    private static void createCheckpoints(Path dir) throws IOException {
        Path llama = TINY_LLAMA.write(dir.resolve("tiny-llama"), new Layout("BF16", true, false, true, true, 2));
        Files.writeString(llama.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% if messages[0]['role'] "
                + "== 'system' %}<<SYS>>\\n{{ system }}\\n<</SYS>>\\n\\n{% endif %}[INST] {{ content }} [/INST]\"}");
        TINY_LLAMA.write(dir.resolve("tiny-llama-bf16"), Layout.plain("BF16"));
        TINY_GPT2.write(dir.resolve("tiny-gpt2"), new Layout("F16", true, false, true, false, 1));
        OnnxBertExport.write(OrtDirect.resource("all-minilm-l6-v2.onnx"),
                OrtDirect.resource("all-minilm-l6-v2-tokenizer.json"), dir.resolve("minilm-safetensors"));

        Path badConfig = TINY_GPT2.write(dir.resolve("hf-corrupt-config"), Layout.plain("F32"));
        Files.writeString(badConfig.resolve("config.json"), "{\"model_type\": \"gpt2\", ");
        Path noConfig = TINY_GPT2.write(dir.resolve("hf-missing-config"), Layout.plain("F32"));
        Files.delete(noConfig.resolve("config.json"));
        Path truncated = TINY_GPT2.write(dir.resolve("hf-truncated"), Layout.plain("F32"));
        byte[] full = Files.readAllBytes(truncated.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(full, full.length - 100));
        Path wrongShape = TINY_GPT2.write(dir.resolve("hf-wrong-shape"), Layout.plain("F32"));
        Files.writeString(wrongShape.resolve("config.json"), Files.readString(wrongShape.resolve("config.json"))
                .replace("\"n_inner\":128", "\"n_inner\":96"));
        Path largerTokenizer = TINY_GPT2.write(dir.resolve("hf-tokenizer-larger-than-model"), Layout.plain("F32"));
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode tokenizer = (tools.jackson.databind.node.ObjectNode) json.readTree(
                Files.readString(largerTokenizer.resolve("tokenizer.json")));
        ((tools.jackson.databind.node.ObjectNode) tokenizer.get("model").get("vocab")).put("zebra", TINY_GPT2.vocab + 3);
        Files.writeString(largerTokenizer.resolve("tokenizer.json"), json.writeValueAsString(tokenizer));
        Path unsupported = TINY_GPT2.write(dir.resolve("hf-unsupported-type"), Layout.plain("F32"));
        Files.writeString(unsupported.resolve("config.json"), "{\"model_type\": \"t5\", \"d_model\": 32}");
    }

    protected static NpyArray npy(byte[] bytes) throws IOException {
        return new NpyReader(100_000_000L).read(new ByteArrayInputStream(bytes));
    }
}
