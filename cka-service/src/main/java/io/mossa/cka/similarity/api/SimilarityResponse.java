package io.mossa.cka.similarity.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of POST /v1/similarity. Matrices are [layersX][layersY]; a 2-D upload counts as one layer.
 *
 * @param matrix     CKA per layer pair
 * @param pValues    permutation-test p-values per pair (present when permutations &gt; 0)
 * @param interval   bootstrap percentile intervals (present when bootstrap &gt; 0)
 * @param constantLayers layers of x and y in which every input has the same vector; their CKA is defined as 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimilarityResponse(
        @Schema(example = "[[0.98, 0.71], [0.69, 0.95]]") double[][] matrix,
        double[][] pValues,
        Interval interval,
        int n,
        int layersX,
        int layersY,
        @Schema(description = "the kernel and its parameters") Map<String, Object> kernel,
        @Schema(example = "biased") String estimator,
        @Schema(description = "gram, feature or minibatch", example = "gram") String method,
        Integer minibatch,
        Integer permutations,
        long seed,
        Map<String, List<Integer>> constantLayers,
        long elapsedMs) {

    /**
     * @param confidence the interval level
     * @param resamples  bootstrap resamples
     */
    public record Interval(double confidence, int resamples, double[][] lower, double[][] upper) {
    }
}
