package io.mossa.extractor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * models load once). The models directory holds a valid copy of the int8 model, a garbage model and
 * an incomplete one. Limits are lowered so that each can be hit with small requests.
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

    protected static final Path MODELS_DIR = createModelsDir();

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    static void modelsDir(DynamicPropertyRegistry registry) {
        registry.add("mossa.extractor.models-dir", MODELS_DIR::toString);
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
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static NpyArray npy(byte[] bytes) throws IOException {
        return new NpyReader(100_000_000L).read(new ByteArrayInputStream(bytes));
    }
}
