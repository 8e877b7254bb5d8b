package io.mossa.cka.similarity.service;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and placement of similarity computations ({@code mossa.cka.similarity.*}).
 *
 * @param device            "auto" (CUDA if the PyTorch engine has a GPU, else CPU), "cpu" or "cuda:N"
 * @param memoryBudget      the most n x n float64 matrices one computation may hold
 * @param maxStatisticsWork the most multiply-adds (resamples x (pairs + layers) x n^2) of one call's statistics
 * @param maxConcurrent     computations running at once (experiments and API calls together)
 * @param queueTimeout      how long a call waits for a free slot before answering 503
 * @param maxUploadSize     the largest multipart request of POST /v1/similarity
 * @param maxValuesPerFile  the most values in one uploaded NPY file (each becomes a float64 in memory)
 * @param maxLayers         the most layers of one uploaded side
 */
@ConfigurationProperties("mossa.cka.similarity")
public record SimilarityProperties(
        @DefaultValue("auto") String device,
        @DefaultValue("4GB") DataSize memoryBudget,
        @DefaultValue("2e11") double maxStatisticsWork,
        @DefaultValue("1") int maxConcurrent,
        @DefaultValue("60s") Duration queueTimeout,
        @DefaultValue("1GB") DataSize maxUploadSize,
        @DefaultValue("50000000") long maxValuesPerFile,
        @DefaultValue("256") int maxLayers) {

    public SimilarityProperties {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("mossa.cka.similarity.max-concurrent must be at least 1, got "
                    + maxConcurrent);
        }
    }
}
