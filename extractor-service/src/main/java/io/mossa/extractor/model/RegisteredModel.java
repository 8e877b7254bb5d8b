package io.mossa.extractor.model;

import io.mossa.extractor.model.onnx.OnnxGraphInfo;
import io.mossa.extractor.tokenize.TextTokenizer;

/**
 * A model known to the service. Usable models carry their graph description and tokenizer from
 * registration on; the inference session is created on first use by {@link ModelRegistry} and then
 * shared by all requests.
 */
public final class RegisteredModel {

    /** Creates the session; called at most once per model unless it fails. */
    interface Loader {
        Encoder load(RegisteredModel model) throws Exception;
    }

    private final String id;
    private final ModelFiles files;
    private final OnnxGraphInfo info;
    private final TextTokenizer tokenizer;
    private final String problem;
    private volatile Encoder encoder;

    private RegisteredModel(String id, ModelFiles files, OnnxGraphInfo info, TextTokenizer tokenizer,
            String problem) {
        this.id = id;
        this.files = files;
        this.info = info;
        this.tokenizer = tokenizer;
        this.problem = problem;
    }

    static RegisteredModel usable(String id, ModelFiles files, OnnxGraphInfo info, TextTokenizer tokenizer) {
        return new RegisteredModel(id, files, info, tokenizer, null);
    }

    static RegisteredModel unusable(String id, ModelFiles files, String problem) {
        return new RegisteredModel(id, files, null, null, problem);
    }

    public String id() {
        return id;
    }

    public ModelFiles files() {
        return files;
    }

    public boolean isUsable() {
        return problem == null;
    }

    public String problem() {
        return problem;
    }

    public OnnxGraphInfo info() {
        return info;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public boolean isLoaded() {
        return encoder != null;
    }

    Encoder encoder(Loader loader) throws Exception {
        Encoder current = encoder;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (encoder == null) {
                encoder = loader.load(this);
            }
            return encoder;
        }
    }

    void close() {
        Encoder current = encoder;
        encoder = null;
        if (current != null) {
            current.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    public ModelDescriptor describe() {
        if (info == null) {
            return new ModelDescriptor(id, "onnx", null, null, null, null, null, null, false, false, problem);
        }
        return new ModelDescriptor(id, "onnx", info.architecture(), info.numLayers(), info.hiddenSize(),
                info.dtype(), info.maxTokens(), info.vocabSize(), isLoaded(), true, null);
    }
}
