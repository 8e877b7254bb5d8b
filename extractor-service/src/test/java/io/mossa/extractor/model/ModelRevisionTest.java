package io.mossa.extractor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mossa.extractor.ExtractorTestBase;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.extractor.testmodels.TinyModel.Layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

/**
 * Model revisions: listed by GET /v1/models, equal for the same files across two registries (two service
 * starts), different once a file that decides the computation changes.
 */
class ModelRevisionTest extends ExtractorTestBase {

    @TempDir
    Path temp;

    @Test
    void everyUsableModelIsListedWithARevisionAndUnusableOnesWithout() throws Exception {
        mvc.perform(get("/v1/models/all-minilm-l6-v2")).andExpect(status().isOk())
                .andExpect(jsonPath("$.revision").value(startsWith("sha256:")));
        mvc.perform(get("/v1/models/tiny-llama")).andExpect(jsonPath("$.revision").value(startsWith("sha256:")));
        mvc.perform(get("/v1/models/broken")).andExpect(jsonPath("$.revision").doesNotExist());
    }

    @Test
    void revisionIsStableAcrossRegistryLoadsAndChangesWithTheFiles() throws IOException {
        Path models = Files.createDirectories(temp.resolve("models"));
        Path checkpoint = TinyModel.gpt2(5).write(models.resolve("tiny"), Layout.plain("F32"));
        Path onnx = Files.createDirectories(models.resolve("onnx-copy"));
        Files.write(onnx.resolve("model.onnx"), io.mossa.extractor.OrtDirect.resource("all-minilm-l6-v2-q.onnx"));
        Files.write(onnx.resolve("tokenizer.json"),
                io.mossa.extractor.OrtDirect.resource("all-minilm-l6-v2-q-tokenizer.json"));

        Map<String, String> first = revisions(models);
        Map<String, String> second = revisions(models);
        assertThat(first.get("tiny")).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(first).isEqualTo(second);
        // the directory copy holds the same bytes as the bundled quantized model
        assertThat(first.get("onnx-copy")).isEqualTo(first.get("all-minilm-l6-v2-q"))
                .isNotEqualTo(first.get("all-minilm-l6-v2"));

        // same weights stored in another dtype: the safetensors header changes
        TinyModel.gpt2(5).write(checkpoint, Layout.plain("F16"));
        String f16 = revisions(models).get("tiny");
        assertThat(f16).isNotEqualTo(first.get("tiny"));

        // a config edit (hashed whole) changes it too, while the bundled models keep theirs
        JsonMapper json = JsonMapper.builder().build();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = json.readValue(Files.readString(checkpoint.resolve("config.json")), Map.class);
        config.put("layer_norm_epsilon", 2e-5);
        Files.writeString(checkpoint.resolve("config.json"), json.writeValueAsString(config));
        Map<String, String> edited = revisions(models);
        assertThat(edited.get("tiny")).isNotEqualTo(f16).isNotEqualTo(first.get("tiny"));
        assertThat(edited.get("all-minilm-l6-v2")).isEqualTo(first.get("all-minilm-l6-v2"));

        // the ONNX directory model: one changed tokenizer byte is a new revision
        byte[] tokenizer = Files.readAllBytes(onnx.resolve("tokenizer.json"));
        Files.write(onnx.resolve("tokenizer.json"), (new String(tokenizer, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{ ")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(revisions(models).get("onnx-copy")).isNotEqualTo(first.get("onnx-copy"));
    }

    /** Revisions of every usable model as a freshly started registry over {@code modelsDir} reports them. */
    private Map<String, String> revisions(Path modelsDir) {
        ExtractorProperties properties = new ExtractorProperties(temp.resolve("cache"), modelsDir, false, 8, 65536,
                600, 300000, 1, 1, java.time.Duration.ofSeconds(1), 1, 1, 0, 4096, 16, 8192, DataSize.ofGigabytes(1),
                "cpu", null, null, null);
        ModelRegistry registry = new ModelRegistry(properties);
        try {
            Map<String, String> revisions = new LinkedHashMap<>();
            for (RegisteredModel model : registry.all()) {
                assertThat(model.isUsable()).as(model.id() + ": " + model.problem()).isTrue();
                revisions.put(model.id(), registry.describe(model).revision());
            }
            assertThat(revisions.keySet()).containsAll(List.of("tiny", "onnx-copy", "all-minilm-l6-v2"));
            return revisions;
        } finally {
            registry.close();
        }
    }
}
