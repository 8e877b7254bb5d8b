package io.mossa.extractor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfEncoder;
import io.mossa.extractor.model.hf.bfloat16.Bfloat16Units;
import io.mossa.extractor.model.onnx.OnnxEncoder;
import io.mossa.extractor.model.onnx.OnnxGraphException;
import io.mossa.extractor.model.onnx.OnnxGraphInfo;
import io.mossa.extractor.model.onnx.OnnxGraphReader;
import io.mossa.extractor.model.onnx.OnnxGraphRewriter;
import io.mossa.extractor.model.onnx.RewrittenModelCache;
import io.mossa.extractor.model.onnx.SequencePool;
import io.mossa.extractor.prompt.ChatTemplate;
import io.mossa.extractor.prompt.ChatTemplates;
import io.mossa.extractor.tensor.safetensors.SafetensorsException;
import io.mossa.extractor.tokenize.TextTokenizer;
import io.mossa.web.problem.ApiProblem;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * All models the service can serve: the two bundled MiniLM encoders, then one per sub-directory of
 * {@code mossa.extractor.models-dir}: an ONNX encoder ({@code model.onnx}) or a HuggingFace checkpoint
 * ({@code config.json} + safetensors). Registration reads the graph or the config and safetensors headers
 * plus the tokenizer (cheap), so listings are complete and a broken checkpoint is caught before anyone
 * asks for it; weights are loaded on first use into {@link LoadedModels}. A directory that cannot be used
 * is kept in the listing with its reason instead of failing start-up, because one bad upload must not
 * take the service down.
 *
 * <p>Models can also be registered at runtime from a directory under {@code mossa.extractor.model-roots}
 * ({@link #register}), with the same detection; those live in memory until they are removed or the service
 * restarts (models-dir is the way to keep one). Unlike a directory in models-dir, a runtime registration
 * that is not a usable model is refused rather than listed, since its caller is there to be told.
 */
@Component
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ExtractorProperties properties;
    private final RewrittenModelCache cache;
    private final LoadedModels loaded;
    private final ModelRoots roots;
    private final SequencePool sequences;
    /** Guarded by itself: runtime registrations change it while requests read it. */
    private final Map<String, RegisteredModel> models = new LinkedHashMap<>();
    /** Ids registered through {@link #register}, the only ones {@link #remove} may take away. Guarded by models. */
    private final Set<String> registeredAtRuntime = new HashSet<>();
    private Device torchDevice;

    public ModelRegistry(ExtractorProperties properties) {
        this.properties = properties;
        this.cache = new RewrittenModelCache(properties.cacheDir());
        this.loaded = new LoadedModels(properties.memoryBudget().toBytes(), properties.retryAfterSeconds());
        this.roots = new ModelRoots(properties.modelRoots());
        this.sequences = new SequencePool(properties.sequenceThreads());
        add(inspectOnnx("all-minilm-l6-v2",
                ModelFiles.classpath("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json")));
        add(inspectOnnx("all-minilm-l6-v2-q",
                ModelFiles.classpath("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json")));
        if (properties.modelsDir() != null) {
            scan(properties.modelsDir());
        }
        if (properties.preload()) {
            preload();
        }
    }

    public Collection<RegisteredModel> all() {
        synchronized (models) {
            return List.copyOf(models.values());
        }
    }

    /** The model, or a 404 problem naming the id and the known ones. */
    public RegisteredModel get(String id) {
        synchronized (models) {
            RegisteredModel model = models.get(id);
            if (model == null) {
                throw ApiProblem.notFound("model '" + id + "' is not registered; known models: " + models.keySet())
                        .with("field", "model").with("value", id);
            }
            return model;
        }
    }

    public ModelDescriptor describe(RegisteredModel model) {
        boolean runtime;
        synchronized (models) {
            runtime = registeredAtRuntime.contains(model.id());
        }
        return model.describe(loaded.isLoaded(model.id()), runtime);
    }

    /**
     * Registers the model directory at {@code path} as {@code id}: 403 when registration is disabled or the
     * path leaves the model roots, 400 for a malformed id, 409 for a taken one, 422 when the path is not a
     * directory or not a usable model (with the loader's reason). Inspects the files like a models-dir entry;
     * the weights load on first use.
     */
    public RegisteredModel register(String id, String path) {
        roots.requireEnabled();
        if (id == null || id.isBlank()) {
            throw ApiProblem.badRequest("id is required").with("field", "id");
        }
        if (!MODEL_ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("id '" + id + "' must match " + MODEL_ID.pattern()).with("field", "id")
                    .with("value", id);
        }
        if (path == null || path.isBlank()) {
            throw ApiProblem.badRequest("path is required").with("field", "path");
        }
        requireFree(id);
        Path dir = roots.admit(path);
        RegisteredModel model = inspect(id, dir);
        if (!model.isUsable()) {
            log.warn("model registration refused id={} location={} reason={}", id, dir, model.problem());
            throw ApiProblem.unprocessable("path '" + path + "' is not a usable model: " + model.problem())
                    .with("field", "path").with("value", path).with("reason", model.problem());
        }
        synchronized (models) {
            requireFree(id); // inspecting took a while: another registration may have won the id
            models.put(id, model);
            registeredAtRuntime.add(id);
        }
        log.info("model added id={} location={} source=runtime", id, dir);
        return model;
    }

    /**
     * Removes a model registered at runtime and unloads it; 404 for an unknown id, 409 for a bundled or
     * models-dir model. Requests already running with it finish; its tokenizer is left to the garbage
     * collector rather than closed, because such a request may still be tokenising with it.
     */
    public void remove(String id) {
        synchronized (models) {
            RegisteredModel model = get(id);
            if (!registeredAtRuntime.contains(id)) {
                throw ApiProblem.conflict("model '" + id + "' comes from " + (model.location().startsWith("classpath:")
                        ? "the service itself" : "mossa.extractor.models-dir") + " and cannot be removed at runtime; "
                        + "only models registered with POST /v1/models can").with("field", "id").with("value", id);
            }
            models.remove(id);
            registeredAtRuntime.remove(id);
        }
        loaded.unload(id);
        log.info("model removed id={} source=runtime", id);
    }

    private void requireFree(String id) {
        synchronized (models) {
            if (models.containsKey(id)) {
                throw ApiProblem.conflict("model id '" + id + "' is taken").with("field", "id").with("value", id);
            }
        }
    }

    /**
     * The model's shared loaded copy, held until the lease is closed; 409 for an unusable model, 503 when
     * it cannot be loaded (the reason named) or the memory budget is held by models in use.
     */
    public LoadedModels.Lease lease(RegisteredModel model) {
        if (!model.isUsable()) {
            throw unusable(model);
        }
        try {
            return loaded.acquire(model);
        } catch (ApiProblem e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            log.error("model load failed id={} location={}", model.id(), model.location(), e);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Model cannot be loaded",
                    "model '" + model.id() + "' failed to load: " + e.getMessage()).with("model", model.id());
        }
    }

    public static ApiProblem unusable(RegisteredModel model) {
        return ApiProblem.conflict("model '" + model.id() + "' is unusable: " + model.problem())
                .with("field", "model").with("value", model.id()).with("reason", model.problem());
    }

    private void preload() {
        for (RegisteredModel model : all()) {
            if (model.isUsable()) {
                try (LoadedModels.Lease lease = lease(model)) {
                    log.info("model preloaded id={}", model.id());
                } catch (ApiProblem e) {
                    log.warn("model not preloaded id={} reason={}", model.id(), e.getBody().getDetail());
                }
            }
        }
    }

    /** A model directory as the loader sees it: a HuggingFace checkpoint, else an ONNX encoder. */
    private RegisteredModel inspect(String id, Path dir) {
        return HfCheckpoint.looksLikeCheckpoint(dir) ? inspectCheckpoint(id, dir)
                : inspectOnnx(id, ModelFiles.directory(dir));
    }

    private RegisteredModel inspectOnnx(String id, ModelFiles files) {
        long start = System.nanoTime();
        RegisteredModel model;
        try {
            byte[] bytes = files.model();
            OnnxGraphInfo graph = OnnxGraphReader.read(bytes);
            int maxTokens = Math.min(graph.maxTokens(), properties.maxTokensPerInput());
            TextTokenizer tokenizer = TextTokenizer.load(files.tokenizer(), maxTokens);
            ModelInfo info = new ModelInfo("onnx", graph.architecture(), graph.numLayers(), graph.hiddenSize(),
                    graph.vocabSize(), maxTokens, graph.dtype(), graph.dtype(), Device.cpu().toString(), null,
                    bytes.length, null);
            String revision = ModelRevision.ofOnnx(bytes, files.tokenizer());
            model = RegisteredModel.usable(id, files.location(), info, tokenizer, () -> loadOnnx(id, files, graph),
                    revision);
            log.info("model registered id={} format=onnx location={} dtype={} layers={} hidden={} ms={}", id,
                    files.location(), graph.dtype(), graph.numLayers(), graph.hiddenSize(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (NoSuchFileException e) {
            model = RegisteredModel.unusable(id, files.location(), "missing file " + Path.of(e.getFile()).getFileName());
        } catch (OnnxGraphException e) {
            model = RegisteredModel.unusable(id, files.location(), "model.onnx: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            model = RegisteredModel.unusable(id, files.location(), "cannot read the model files: " + e.getMessage());
        }
        return model;
    }

    private Encoder loadOnnx(String id, ModelFiles files, OnnxGraphInfo graph) throws Exception {
        long start = System.nanoTime();
        byte[] rewritten = OnnxGraphRewriter.exposeHiddenStates(files.model(), graph);
        Path file = cache.store(id, rewritten);
        long rewrittenAt = System.nanoTime();
        OnnxEncoder encoder = OnnxEncoder.load(id, file, graph, properties.intraOpThreads(), sequences);
        log.info("model loaded id={} dtype={} layers={} file={} rewrite_ms={} session_ms={}", id, graph.dtype(),
                graph.numLayers(), file, (rewrittenAt - start) / 1_000_000, (System.nanoTime() - rewrittenAt) / 1_000_000);
        return encoder;
    }

    private RegisteredModel inspectCheckpoint(String id, Path dir) {
        long start = System.nanoTime();
        RegisteredModel model;
        try {
            HfCheckpoint checkpoint = HfCheckpoint.inspect(dir);
            ComputeOptions compute = computeOptions(id);
            ChatTemplate template = ChatTemplates.detect(dir, properties.chatTemplates().get(id));
            int maxTokens = Math.min(checkpoint.spec().maxTokens(), properties.maxTokensPerInput());
            long memory = checkpoint.memoryBytes(compute);
            if (memory > loaded.budgetBytes()) {
                throw new IllegalArgumentException("needs about " + memory + " bytes in "
                        + ComputeOptions.dtypeName(compute.dtype()) + ", more than the memory budget of "
                        + loaded.budgetBytes() + " bytes (mossa.extractor.memory-budget)");
            }
            TextTokenizer tokenizer = TextTokenizer.load(Files.readAllBytes(dir.resolve("tokenizer.json")), maxTokens);
            ModelInfo info = new ModelInfo("safetensors", checkpoint.spec().architecture(),
                    checkpoint.spec().numLayers(), checkpoint.spec().hiddenSize(), checkpoint.spec().vocabSize(),
                    maxTokens, checkpoint.storedDtype(), ComputeOptions.dtypeName(compute.dtype()),
                    compute.device().toString(), checkpoint.parameterCount(), memory, template);
            model = RegisteredModel.usable(id, dir.toString(), info, tokenizer, () -> loadCheckpoint(id, checkpoint,
                    compute), ModelRevision.ofCheckpoint(dir));
            log.info("model registered id={} format=safetensors location={} architecture={} dtype={} layers={} "
                    + "hidden={} parameters={} ms={}", id, dir, info.architecture(), info.dtype(), info.numLayers(),
                    info.hiddenSize(), info.parameterCount(), (System.nanoTime() - start) / 1_000_000);
        } catch (NoSuchFileException e) {
            model = RegisteredModel.unusable(id, dir.toString(), "missing file " + Path.of(e.getFile()).getFileName());
        } catch (HfCheckpointException | SafetensorsException | IllegalArgumentException e) {
            model = RegisteredModel.unusable(id, dir.toString(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            model = RegisteredModel.unusable(id, dir.toString(), "cannot read the model files: " + e.getMessage());
        }
        return model;
    }

    private Encoder loadCheckpoint(String id, HfCheckpoint checkpoint, ComputeOptions compute) throws Exception {
        long start = System.nanoTime();
        HfEncoder encoder = HfEncoder.load(checkpoint, compute);
        log.info("model loaded id={} architecture={} device={} dtype={} parameters={} ms={}", id,
                checkpoint.spec().architecture(), compute.device(), ComputeOptions.dtypeName(compute.dtype()),
                checkpoint.parameterCount(), (System.nanoTime() - start) / 1_000_000);
        return encoder;
    }

    private ComputeOptions computeOptions(String id) {
        String name = properties.computeDtype().getOrDefault(id, "float32");
        DataType dtype = ComputeOptions.parseDtype(name);
        if (dtype == null) {
            throw new IllegalArgumentException("mossa.extractor.compute-dtype." + id + " = '" + name
                    + "' is not float32, float16 or bfloat16");
        }
        if (torchDevice == null) {
            torchDevice = ComputeDevice.resolve(properties.device());
        }
        if (dtype == DataType.BFLOAT16 && torchDevice.isGpu()) {
            throw new IllegalArgumentException("mossa.extractor.compute-dtype." + id + " = bfloat16 cannot run on "
                    + torchDevice + ": DJL 0.36's PyTorch engine has no bfloat16 arrays (creating one aborts the JVM) "
                    + "and bfloat16 products run only on the CPU's bfloat16 units; use float16 on CUDA");
        }
        if (dtype == DataType.BFLOAT16) {
            Bfloat16Units.Availability units = Bfloat16Units.availability();
            if (!units.available()) {
                throw new IllegalArgumentException("mossa.extractor.compute-dtype." + id + " = bfloat16 cannot run "
                        + "here: " + units.reason() + " (a bfloat16 checkpoint runs in float32 with its weights kept "
                        + "in bfloat16)");
            }
        }
        if (dtype == DataType.FLOAT16 && !torchDevice.isGpu()) {
            throw new IllegalArgumentException("mossa.extractor.compute-dtype." + id + " = float16 needs a CUDA "
                    + "device: PyTorch's CPU float16 matrix product runs at about 0.4 GFLOP/s (float32: ~180); this "
                    + "service runs PyTorch on " + torchDevice + " (a half-precision checkpoint in float32 keeps its "
                    + "weights in half precision)");
        }
        return new ComputeOptions(torchDevice, dtype);
    }

    private void add(RegisteredModel model) {
        if (!model.isUsable()) {
            log.warn("model unusable id={} location={} reason={}", model.id(), model.location(), model.problem());
        }
        synchronized (models) {
            models.put(model.id(), model);
        }
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
            if (models.containsKey(id)) {
                log.warn("model directory ignored id={} location={} reason=duplicate id", id, entry);
                continue;
            }
            add(inspect(id, entry));
        }
    }

    @PreDestroy
    void close() {
        loaded.close();
        all().forEach(RegisteredModel::close);
        sequences.close();
    }
}
