package io.mossa.cka.similarity;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.cka.similarity.kernel.LinearKernel;
import io.mossa.cka.similarity.kernel.PolynomialKernel;
import io.mossa.cka.similarity.kernel.RbfKernel;

/**
 * The similarity measure and statistics by name, as the APIs take them (POST /v1/similarity and experiments):
 * the one place that turns names and parameters into {@link SimilarityOptions}. Every rule broken is a
 * {@link SimilarityException} naming the parameter.
 *
 * @param kernel       linear, rbf or polynomial
 * @param rbfThreshold rbf only: sigma^2 = rbfThreshold^2 x the median squared distance
 * @param degree       polynomial only: (x.y / p + coef0)^degree
 * @param coef0        polynomial only
 * @param estimator    biased or debiased
 * @param permutations permutation-test resamples (0 = none)
 * @param bootstrap    interval resamples (0 = none; needs debiased)
 * @param confidence   the interval level
 * @param seed         the seed of all resampling
 */
public record Measure(String kernel, double rbfThreshold, int degree, double coef0, String estimator,
        int permutations, int bootstrap, double confidence, long seed) {

    public static final String DEFAULT_KERNEL = "linear";
    public static final String DEFAULT_ESTIMATOR = "biased";
    public static final double DEFAULT_RBF_THRESHOLD = 1.0;
    public static final int DEFAULT_DEGREE = 3;
    public static final double DEFAULT_COEF0 = 1.0;
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** The kernel this measure names, with its parameters checked. */
    public Kernel buildKernel() {
        if (kernel == null) {
            throw new SimilarityException("kernel", "kernel is required: linear, rbf or polynomial");
        }
        try {
            return switch (kernel) {
                case "linear" -> new LinearKernel();
                case "rbf" -> new RbfKernel(rbfThreshold);
                case "polynomial" -> new PolynomialKernel(degree, coef0);
                default -> throw new SimilarityException("kernel", "unknown kernel '" + kernel
                        + "': expected linear, rbf or polynomial");
            };
        } catch (SimilarityException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String field = "rbf".equals(kernel) ? "rbfThreshold"
                    : (e.getMessage().startsWith("degree") ? "degree" : "coef0");
            throw new SimilarityException(field, e.getMessage());
        }
    }

    public Estimator buildEstimator() {
        try {
            return Estimator.of(estimator);
        } catch (IllegalArgumentException e) {
            throw new SimilarityException("estimator", e.getMessage());
        }
    }

    /** Options for this measure; kernel errors first, then the estimator, then the statistics. */
    public SimilarityOptions options(Pairing pairing, int minibatch) {
        Kernel k = buildKernel();
        Estimator e = buildEstimator();
        return new SimilarityOptions(k, e, pairing, minibatch, permutations, bootstrap, confidence, seed);
    }
}
