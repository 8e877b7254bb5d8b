package io.mossa.contract.measure;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Centred kernel alignment: its kernel (with the kernel's parameters) and HSIC estimator. Every field is optional
 * as submitted; {@link #withDefaults()} gives linear, biased CKA (the paper's measure). The same options mean the
 * same thing for experiments and for POST /v1/similarity.
 */
@Schema(description = "Kernel and estimator, with the same meaning and limits as POST /api/v1/similarity")
public record CkaMeasure(
        @Schema(description = "The kernel of both sides", defaultValue = "linear", nullable = true)
        KernelType kernel,
        @Schema(description = "biased: HSIC0, the paper's; debiased: HSIC1 (Song et al. 2012), needs n >= 4",
                defaultValue = "biased", nullable = true)
        EstimatorType estimator,
        @Schema(description = "rbf only: sigma^2 = rbfThreshold^2 x median squared distance; a positive finite "
                + "number", defaultValue = "1.0", nullable = true)
        Double rbfThreshold,
        @Schema(description = "polynomial only: (x.y / p + coef0)^degree, 1..10", defaultValue = "3", nullable = true)
        Integer degree,
        @Schema(description = "polynomial only: a finite number", defaultValue = "1.0", nullable = true)
        Double coef0) implements Measure {

    public static final KernelType DEFAULT_KERNEL = KernelType.LINEAR;
    public static final EstimatorType DEFAULT_ESTIMATOR = EstimatorType.BIASED;
    public static final double DEFAULT_RBF_THRESHOLD = 1.0;
    public static final int DEFAULT_DEGREE = 3;
    public static final double DEFAULT_COEF0 = 1.0;
    public static final int MAX_DEGREE = 10;

    /** Linear, biased CKA: every option left to its default. */
    public static CkaMeasure defaults() {
        return new CkaMeasure(null, null, null, null, null);
    }

    public static CkaMeasure of(KernelType kernel, EstimatorType estimator) {
        return new CkaMeasure(kernel, estimator, null, null, null);
    }

    public static CkaMeasure rbf(double threshold) {
        return new CkaMeasure(KernelType.RBF, null, threshold, null, null);
    }

    public static CkaMeasure polynomial(int degree, double coef0) {
        return new CkaMeasure(KernelType.POLYNOMIAL, null, null, degree, coef0);
    }

    public CkaMeasure withEstimator(EstimatorType estimator) {
        return new CkaMeasure(kernel, estimator, rbfThreshold, degree, coef0);
    }

    @Override
    public void check(Violations violations, String prefix) {
        KernelType k = kernelOrDefault();
        if (k == KernelType.RBF) {
            if (rbfThreshold != null && (!(rbfThreshold > 0) || rbfThreshold.isInfinite())) {
                violations.add(prefix + "rbfThreshold", "must be a positive finite number, was " + rbfThreshold);
            }
        } else if (rbfThreshold != null) {
            violations.add(prefix + "rbfThreshold", onlyFor(KernelType.RBF));
        }
        if (k == KernelType.POLYNOMIAL) {
            if (degree != null && (degree < 1 || degree > MAX_DEGREE)) {
                violations.add(prefix + "degree", "must be 1.." + MAX_DEGREE + ", was " + degree);
            }
            if (coef0 != null && !Double.isFinite(coef0)) {
                violations.add(prefix + "coef0", "must be a finite number, was " + coef0);
            }
        } else {
            if (degree != null) {
                violations.add(prefix + "degree", onlyFor(KernelType.POLYNOMIAL));
            }
            if (coef0 != null) {
                violations.add(prefix + "coef0", onlyFor(KernelType.POLYNOMIAL));
            }
        }
    }

    private String onlyFor(KernelType kernel) {
        return "only applies to kernel '" + kernel.wire() + "', the kernel is '" + kernelOrDefault().wire() + "'";
    }

    @Override
    public CkaMeasure withDefaults() {
        KernelType k = kernelOrDefault();
        return new CkaMeasure(k, estimatorOrDefault(),
                k == KernelType.RBF ? (rbfThreshold == null ? DEFAULT_RBF_THRESHOLD : rbfThreshold) : null,
                k == KernelType.POLYNOMIAL ? (degree == null ? DEFAULT_DEGREE : degree) : null,
                k == KernelType.POLYNOMIAL ? (coef0 == null ? DEFAULT_COEF0 : coef0) : null);
    }

    @Override
    public int minimumExamples(Statistics statistics) {
        return statistics.bootstrapOrZero() > 0 ? Statistics.MIN_BOOTSTRAP_EXAMPLES : estimatorOrDefault().minRows();
    }

    @Override
    public String whyMinimumExamples(Statistics statistics) {
        return statistics.bootstrapOrZero() > 0
                ? "bootstrap intervals subsample n/2 examples, and the debiased estimator needs 4"
                : estimatorOrDefault().whyMinRows();
    }

    /** Why intervals are refused for biased CKA, naming the estimator's field. */
    static String intervalsNeedDebiased(String estimatorField) {
        return "intervals need " + estimatorField + " 'debiased': biased CKA grows as n shrinks, so values on "
                + "resampled inputs do not estimate the spread of the full-sample value";
    }

    private KernelType kernelOrDefault() {
        return kernel == null ? DEFAULT_KERNEL : kernel;
    }

    private EstimatorType estimatorOrDefault() {
        return estimator == null ? DEFAULT_ESTIMATOR : estimator;
    }
}
