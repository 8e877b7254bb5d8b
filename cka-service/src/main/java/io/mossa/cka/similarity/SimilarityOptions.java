package io.mossa.cka.similarity;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.cka.similarity.kernel.LinearKernel;
import io.mossa.cka.similarity.kernel.PolynomialKernel;
import io.mossa.cka.similarity.kernel.RbfKernel;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;

/**
 * What to compute.
 *
 * @param kernel       the kernel of both sides
 * @param estimator    the HSIC estimator
 * @param pairing      which layer pairs
 * @param minibatch    0 for full-batch CKA; otherwise the minibatch size of minibatch CKA (Nguyen et al. 2021)
 * @param permutations permutation-test resamples (0 = no p-values)
 * @param bootstrap    resamples of the confidence intervals (0 = no intervals; m-out-of-n without replacement)
 * @param confidence   the level of the bootstrap percentile intervals
 * @param seed         the seed of all resampling
 */
public record SimilarityOptions(Kernel kernel, Estimator estimator, LayerPairing pairing, int minibatch, int permutations,
        int bootstrap, double confidence, long seed) {

    public static final int MAX_RESAMPLES = Statistics.MAX_RESAMPLES;

    public SimilarityOptions {
        require(kernel != null, "kernel", "kernel is required");
        require(estimator != null, "estimator", "estimator is required");
        require(pairing != null, "pairing", "pairing is required");
        require(minibatch >= 0, "minibatch", "minibatch must be 0 (off) or a batch size, got " + minibatch);
        require(permutations >= 0 && permutations <= MAX_RESAMPLES, "permutations",
                "permutations must be 0.." + MAX_RESAMPLES + ", got " + permutations);
        require(bootstrap >= 0 && bootstrap <= MAX_RESAMPLES, "bootstrap",
                "bootstrap must be 0.." + MAX_RESAMPLES + ", got " + bootstrap);
        require(confidence > 0 && confidence < 1, "confidence",
                "confidence must be between 0 and 1 (exclusive), got " + confidence);
        require(bootstrap == 0 || estimator == Estimator.DEBIASED, "bootstrap",
                "intervals need estimator=debiased: biased CKA grows as n shrinks, so values on resampled inputs "
                        + "do not estimate the spread of the full-sample value");
        require(minibatch == 0 || (permutations == 0 && bootstrap == 0), "minibatch",
                "permutations and bootstrap need full-batch CKA: set minibatch to 0 or drop the statistics");
    }

    /**
     * The options of a contract measure and statistics (defaults filled in here): the one place that turns the
     * API's names into the engine's kernel and estimator.
     */
    public static SimilarityOptions of(CkaMeasure measure, Statistics statistics, LayerPairing pairing,
            int minibatch) {
        CkaMeasure m = measure.withDefaults();
        Statistics s = statistics.withDefaults();
        Kernel kernel;
        try {
            kernel = switch (m.kernel()) {
                case LINEAR -> new LinearKernel();
                case RBF -> new RbfKernel(m.rbfThreshold());
                case POLYNOMIAL -> new PolynomialKernel(m.degree(), m.coef0());
            };
        } catch (IllegalArgumentException e) {
            String field = switch (m.kernel()) {
                case RBF -> "rbfThreshold";
                default -> e.getMessage().startsWith("degree") ? "degree" : "coef0";
            };
            throw new SimilarityException(field, e.getMessage());
        }
        return new SimilarityOptions(kernel, Estimator.of(m.estimator()), pairing, minibatch, s.permutations(),
                s.bootstrap(), s.confidence(), s.seed());
    }

    /** Linear kernel, biased estimator, all layer pairs, no statistics: the paper's measure. */
    public static SimilarityOptions linear(LayerPairing pairing) {
        return new SimilarityOptions(new LinearKernel(), Estimator.BIASED, pairing, 0, 0, 0, 0.95, 0);
    }

    public boolean wantsStatistics() {
        return permutations > 0 || bootstrap > 0;
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new SimilarityException(field, message);
        }
    }
}
