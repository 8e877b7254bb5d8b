package io.mossa.extractor.model;

import io.mossa.extractor.tokenize.TextTokenizer;

/**
 * A model known to the service. Usable models carry their description and tokenizer from registration
 * on; weights are loaded on demand by {@link LoadedModels}, which shares one loaded copy between
 * requests and may unload it again under memory pressure.
 */
public final class RegisteredModel {

    /** Loads the model's weights; called by {@link LoadedModels}, at most once at a time per model. */
    @FunctionalInterface
    public interface Loader {
        Encoder load() throws Exception;
    }

    private final String id;
    private final String location;
    private final ModelInfo info;
    private final TextTokenizer tokenizer;
    private final Loader loader;
    private final String problem;
    private final String revision;

    private RegisteredModel(String id, String location, ModelInfo info, TextTokenizer tokenizer, Loader loader,
            String problem, String revision) {
        this.id = id;
        this.revision = revision;
        this.location = location;
        this.info = info;
        this.tokenizer = tokenizer;
        this.loader = loader;
        this.problem = problem;
    }

    static RegisteredModel usable(String id, String location, ModelInfo info, TextTokenizer tokenizer, Loader loader) {
        return usable(id, location, info, tokenizer, loader, null);
    }

    static RegisteredModel usable(String id, String location, ModelInfo info, TextTokenizer tokenizer, Loader loader,
            String revision) {
        return new RegisteredModel(id, location, info, tokenizer, loader, null, revision);
    }

    static RegisteredModel unusable(String id, String location, String problem) {
        return new RegisteredModel(id, location, null, null, null, problem, null);
    }

    public String id() {
        return id;
    }

    /** Where the files are, for logs and problems. */
    public String location() {
        return location;
    }

    /** {@link ModelRevision} of the files, or null for an unusable model. */
    public String revision() {
        return revision;
    }

    public boolean isUsable() {
        return problem == null;
    }

    public String problem() {
        return problem;
    }

    public ModelInfo info() {
        return info;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    Loader loader() {
        return loader;
    }

    void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** @param runtime whether the model was registered through the API (and may be removed through it) */
    public ModelDescriptor describe(boolean loaded, boolean runtime) {
        String source = runtime ? "registered" : location.startsWith("classpath:") ? "bundled" : "models-dir";
        if (info == null) {
            return new ModelDescriptor(id, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, false, false, problem, source);
        }
        return new ModelDescriptor(id, info.format(), info.architecture(), info.numLayers(), info.hiddenSize(),
                info.dtype(), info.maxTokens(), info.vocabSize(), info.computeDtype(), info.device(),
                info.parameterCount(), info.memoryBytes(),
                info.chatTemplate() == null ? null : info.chatTemplate().wireName(), revision, loaded, true, null,
                source);
    }
}
