package io.mossa.contract.measure;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of POST /v1/similarity. Matrices are [layersX][layersY]; a 2-D upload counts as one layer.
 *
 * @param measure        the measure's wire name
 * @param kind           similarity (larger = more alike) or distance (smaller = more alike)
 * @param range          the smallest and largest value the measure takes
 * @param matrix         the measure per layer pair
 * @param pValues        permutation-test p-values per pair (present when permutations &gt; 0); for a distance the
 *                       tail is "at most the observed distance"
 * @param interval       subsampling intervals (present when bootstrap &gt; 0)
 * @param options        the measure's own options as used (svccaVariance, k); absent for measures without any
 * @param kernel         cka only: the kernel and its parameters
 * @param estimator      cka only
 * @param constantLayers layers of x and y in which every input has the same vector (see docs/measures.md for the
 *                       value each measure gives them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimilarityResponse(
        @Schema(example = "cka") String measure,
        @Schema(example = "similarity", allowableValues = {"similarity", "distance"}) String kind,
        @Schema(example = "[0, 1]") double[] range,
        @Schema(example = "[[0.98, 0.71], [0.69, 0.95]]") double[][] matrix,
        double[][] pValues,
        Interval interval,
        int n,
        int layersX,
        int layersY,
        @Schema(description = "the measure's own options (svcca: svccaVariance; knn-jaccard, mutual-knn: k)")
        Map<String, Object> options,
        @Schema(description = "cka only: the kernel and its parameters") Map<String, Object> kernel,
        @Schema(description = "cka only", example = "biased") String estimator,
        @Schema(description = "cka: gram, feature or minibatch; cca, svcca, pwcca, procrustes, angular-shape, "
                + "linear-regression: svd; rsa: rdm; knn-jaccard, mutual-knn: neighbours", example = "gram")
        String method,
        Integer minibatch,
        Integer permutations,
        long seed,
        Map<String, List<Integer>> constantLayers,
        long elapsedMs) {

    /**
     * @param confidence the interval level
     * @param resamples  subsampling resamples
     */
    public record Interval(double confidence, int resamples, double[][] lower, double[][] upper) {
    }
}
