package io.mossa.extractor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.onnx.OnnxEncoder;
import io.mossa.extractor.model.onnx.OnnxGraphException;
import io.mossa.extractor.model.onnx.OnnxGraphInfo;
import io.mossa.extractor.model.onnx.OnnxGraphReader;
import io.mossa.extractor.model.onnx.OnnxGraphRewriter;
import io.mossa.extractor.model.onnx.RewrittenModelCache;
import io.mossa.extractor.tokenize.TextTokenizer;
import io.mossa.web.problem.ApiProblem;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * All models the service can serve: the two bundled MiniLM encoders, then one per sub-directory of
 * {@code mossa.extractor.models-dir}. Registration reads the graph and tokenizer (cheap) so listings are
 * complete; the inference session is created on first use. A directory that cannot be used is kept
 * in the listing with its reason instead of failing start-up, because one bad upload must not take
 * the service down.
 */
@Component
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ExtractorProperties properties;
    private final RewrittenModelCache cache;
    private final Map<String, RegisteredModel> models = new LinkedHashMap<>();

    public ModelRegistry(ExtractorProperties properties) {
        this.properties = properties;
        this.cache = new RewrittenModelCache(properties.cacheDir());
        register("all-minilm-l6-v2",
                ModelFiles.classpath("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"));
        register("all-minilm-l6-v2-q",
                ModelFiles.classpath("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json"));
        if (properties.modelsDir() != null) {
            scan(properties.modelsDir());
        }
        if (properties.preload()) {
            for (RegisteredModel model : models.values()) {
                if (model.isUsable()) {
                    encoder(model);
                }
            }
        }
    }

    public Collection<RegisteredModel> all() {
        return List.copyOf(models.values());
    }

    /** The model, or a 404 problem naming the id and the known ones. */
    public RegisteredModel get(String id) {
        RegisteredModel model = models.get(id);
        if (model == null) {
            throw ApiProblem.notFound("model '" + id + "' is not registered; known models: " + models.keySet())
                    .with("field", "model").with("value", id);
        }
        return model;
    }

    /** The model's shared session, created on first use; 409 for an unusable model. */
    public Encoder encoder(RegisteredModel model) {
        if (!model.isUsable()) {
            throw unusable(model);
        }
        try {
            return model.encoder(this::load);
        } catch (ApiProblem e) {
            throw e;
        } catch (Exception e) {
            log.error("model load failed id={} location={}", model.id(), model.files().location(), e);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Model cannot be loaded",
                    "model '" + model.id() + "' failed to load: " + e.getMessage()).with("model", model.id());
        }
    }

    public static ApiProblem unusable(RegisteredModel model) {
        return ApiProblem.conflict("model '" + model.id() + "' is unusable: " + model.problem())
                .with("field", "model").with("value", model.id()).with("reason", model.problem());
    }

    private Encoder load(RegisteredModel model) throws Exception {
        long start = System.nanoTime();
        byte[] rewritten = OnnxGraphRewriter.exposeHiddenStates(model.files().model(), model.info());
        Path file = cache.store(model.id(), rewritten);
        long rewrittenAt = System.nanoTime();
        OnnxEncoder encoder = OnnxEncoder.load(model.id(), file, model.info(), properties.intraOpThreads());
        long end = System.nanoTime();
        log.info("model loaded id={} dtype={} layers={} file={} rewrite_ms={} session_ms={}", model.id(),
                model.info().dtype(), model.info().numLayers(), file, (rewrittenAt - start) / 1_000_000,
                (end - rewrittenAt) / 1_000_000);
        return encoder;
    }

    private void register(String id, ModelFiles files) {
        if (models.containsKey(id)) {
            log.warn("model directory ignored id={} location={} reason=duplicate id", id, files.location());
            return;
        }
        long start = System.nanoTime();
        RegisteredModel model;
        try {
            OnnxGraphInfo info = OnnxGraphReader.read(files.model());
            TextTokenizer tokenizer = TextTokenizer.load(files.tokenizer(), info.maxTokens());
            model = RegisteredModel.usable(id, files, info, tokenizer);
            log.info("model registered id={} location={} dtype={} layers={} hidden={} ms={}", id, files.location(),
                    info.dtype(), info.numLayers(), info.hiddenSize(), (System.nanoTime() - start) / 1_000_000);
        } catch (NoSuchFileException e) {
            model = RegisteredModel.unusable(id, files, "missing file " + Path.of(e.getFile()).getFileName());
        } catch (OnnxGraphException e) {
            model = RegisteredModel.unusable(id, files, "model.onnx: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            model = RegisteredModel.unusable(id, files, "cannot read the model files: " + e.getMessage());
        }
        if (!model.isUsable()) {
            log.warn("model unusable id={} location={} reason={}", id, files.location(), model.problem());
        }
        models.put(id, model);
    }

    private void scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            log.warn("models directory {} does not exist or is not a directory; no extra models", dir);
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isDirectory).sorted().forEach(entries::add);
        } catch (IOException e) {
            log.warn("models directory {} cannot be listed: {}", dir, e.toString());
            return;
        }
        for (Path entry : entries) {
            String id = entry.getFileName().toString();
            if (!MODEL_ID.matcher(id).matches()) {
                log.warn("model directory ignored location={} reason=name is not a valid model id", entry);
                continue;
            }
            register(id, ModelFiles.directory(entry));
        }
    }

    @PreDestroy
    void close() {
        models.values().forEach(RegisteredModel::close);
    }
}
