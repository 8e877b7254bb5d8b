package io.mossa.extractor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code mossa.extractor}. Limits exist so that one request cannot exhaust memory or
 * starve others; each is reported by name when exceeded.
 *
 * @param cacheDir              where rewritten ONNX graphs are written (default {@code ${java.io.tmpdir}/mossa-extractor})
 * @param modelsDir             optional directory with one sub-directory per extra model (ONNX or HuggingFace)
 * @param preload               load every usable model at start instead of on first use (within the budget)
 * @param maxInputs             inputs per request
 * @param maxRequestBytes       request body size
 * @param maxTotalTokens        tokens over all inputs of one request
 * @param maxResponseValues     float values in one response (pooling=none grows with tokens)
 * @param maxConcurrentRequests requests running forward passes at once
 * @param maxQueuedRequests     requests allowed to wait for a slot; beyond that 503
 * @param queueTimeout          longest wait for a slot before 503
 * @param retryAfterSeconds     Retry-After sent with 503
 * @param intraOpThreads        ONNX Runtime threads per sequence; 0 = its default, one per core
 * @param sequenceThreads       ONNX sequences run at once in this process, over all requests and models; 0 = one
 *                              per core
 * @param maxTokensPerInput     cap on any model's input length (the model's own limit applies below it)
 * @param maxBatchSize          inputs in one forward pass (a HuggingFace model's batch; an ONNX model's inputs run
 *                              alone, this many at a time per request)
 * @param maxBatchTokens        padded tokens (inputs x longest input) in one forward pass
 * @param memoryBudget          estimated memory of all loaded models together; idle ones are unloaded, LRU
 * @param device                auto (the first CUDA GPU when present, else cpu), cpu, or cuda:N
 * @param computeDtype          per model id: float32 (default), float16 (CUDA only) or bfloat16 (CPU with
 *                              bfloat16 units only)
 * @param chatTemplates         per model id: llama-2 or plain, for models whose files declare none
 * @param modelRoots            directories under which {@code POST /v1/models} may register model directories at
 *                              runtime; empty (the default) disables registration
 */
@ConfigurationProperties("mossa.extractor")
public record ExtractorProperties(
        Path cacheDir,
        Path modelsDir,
        @DefaultValue("false") boolean preload,
        @DefaultValue("256") int maxInputs,
        @DefaultValue("8388608") long maxRequestBytes,
        @DefaultValue("65536") int maxTotalTokens,
        @DefaultValue("33554432") long maxResponseValues,
        @DefaultValue("2") int maxConcurrentRequests,
        @DefaultValue("16") int maxQueuedRequests,
        @DefaultValue("30s") Duration queueTimeout,
        @DefaultValue("1") int retryAfterSeconds,
        @DefaultValue("1") int intraOpThreads,
        @DefaultValue("0") int sequenceThreads,
        @DefaultValue("4096") int maxTokensPerInput,
        @DefaultValue("16") int maxBatchSize,
        @DefaultValue("8192") int maxBatchTokens,
        @DefaultValue("16GB") DataSize memoryBudget,
        @DefaultValue("auto") String device,
        Map<String, String> computeDtype,
        Map<String, String> chatTemplates,
        List<Path> modelRoots) {

    public ExtractorProperties {
        if (cacheDir == null) {
            cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "mossa-extractor");
        }
        computeDtype = computeDtype == null ? Map.of() : Map.copyOf(computeDtype);
        chatTemplates = chatTemplates == null ? Map.of() : Map.copyOf(chatTemplates);
        modelRoots = modelRoots == null ? List.of() : List.copyOf(modelRoots);
        if (maxTokensPerInput < 1 || maxBatchSize < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("mossa.extractor.max-tokens-per-input, max-batch-size and "
                    + "max-batch-tokens must be at least 1");
        }
    }
}
