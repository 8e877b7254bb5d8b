package io.mossa.extractor.model.hf;

import java.util.List;

import io.mossa.extractor.model.hf.bert.BertSpec;
import io.mossa.extractor.model.hf.gpt2.Gpt2Spec;
import io.mossa.extractor.model.hf.llama.LlamaSpec;

/** config.json's model_type to the architecture that implements it. */
public final class HfArchitectures {

    public static final List<String> SUPPORTED = List.of("bert", "gpt2", "llama", "mistral", "qwen2");

    private HfArchitectures() {
    }

    public static ArchitectureSpec spec(HfConfig config) throws HfCheckpointException {
        String type = config.modelType();
        return switch (type) {
            case "gpt2" -> Gpt2Spec.from(config);
            case "llama", "mistral", "qwen2" -> LlamaSpec.from(config, type);
            case "bert" -> BertSpec.from(config);
            default -> throw new HfCheckpointException(HfConfig.FILE + ": model_type \"" + type
                    + "\" is not supported; supported: " + String.join(", ", SUPPORTED));
        };
    }
}
