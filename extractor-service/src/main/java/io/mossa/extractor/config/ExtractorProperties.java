package io.mossa.extractor.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mossa.extractor}. Limits exist so that one request cannot exhaust memory or
 * starve others; each is reported by name when exceeded.
 *
 * @param cacheDir              where rewritten ONNX graphs are written (default {@code ${java.io.tmpdir}/mossa-extractor})
 * @param modelsDir             optional directory with one sub-directory per extra model
 * @param preload               load every usable model at start instead of on first use
 * @param maxInputs             inputs per request
 * @param maxRequestBytes       request body size
 * @param maxTotalTokens        tokens over all inputs of one request
 * @param maxResponseValues     float values in one response (pooling=none grows with tokens)
 * @param maxConcurrentRequests requests running forward passes at once
 * @param maxQueuedRequests     requests allowed to wait for a slot; beyond that 503
 * @param queueTimeout          longest wait for a slot before 503
 * @param retryAfterSeconds     Retry-After sent with 503
 * @param intraOpThreads        ONNX Runtime threads per forward pass; 0 = one per core
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
        @DefaultValue("0") int intraOpThreads) {

    public ExtractorProperties {
        if (cacheDir == null) {
            cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "mossa-extractor");
        }
    }
}
