package io.mossa.contract.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One entry of an experiment's {@code measures} list: the measure and its own options, as submitted. An option of
 * another measure is refused (never ignored); cka's options are {@link CkaMeasure}'s, with its rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A measure and its own options; the same meaning and limits as POST /api/v1/similarity")
public record MeasureSpec(
        @Schema(description = "The measure", requiredMode = Schema.RequiredMode.REQUIRED, example = "procrustes")
        MeasureType measure,
        @Schema(description = "cka only", nullable = true) KernelType kernel,
        @Schema(description = "cka only", nullable = true) EstimatorType estimator,
        @Schema(description = "cka with kernel rbf only", nullable = true) Double rbfThreshold,
        @Schema(description = "cka with kernel polynomial only", nullable = true) Integer degree,
        @Schema(description = "cka with kernel polynomial only", nullable = true) Double coef0,
        @Schema(description = "svcca only: the fraction of each side's variance its kept directions explain, "
                + "in (0, 1]", defaultValue = "0.99", nullable = true)
        Double svccaVariance,
        @Schema(description = "knn-jaccard and mutual-knn only: neighbours per input, 1..n-1 (at most 9999)",
                defaultValue = "10", nullable = true)
        Integer k) implements Measure {

    public static final double DEFAULT_SVCCA_VARIANCE = 0.99;
    public static final int DEFAULT_K = 10;
    /** k is below n, and a task holds at most 10,000 examples. */
    public static final int MAX_K = 9_999;

    /** A measure with every option left to its default. */
    public static MeasureSpec of(MeasureType measure) {
        return new MeasureSpec(measure, null, null, null, null, null, null, null);
    }

    /** CKA with these options. */
    public static MeasureSpec of(CkaMeasure cka) {
        return new MeasureSpec(MeasureType.CKA, cka.kernel(), cka.estimator(), cka.rbfThreshold(), cka.degree(),
                cka.coef0(), null, null);
    }

    public static MeasureSpec svcca(double variance) {
        return new MeasureSpec(MeasureType.SVCCA, null, null, null, null, null, variance, null);
    }

    /** knn-jaccard or mutual-knn with k neighbours. */
    public static MeasureSpec neighbours(MeasureType measure, int k) {
        return new MeasureSpec(measure, null, null, null, null, null, null, k);
    }

    /** The CKA options of this entry (all absent for another measure). */
    public CkaMeasure cka() {
        return new CkaMeasure(kernel, estimator, rbfThreshold, degree, coef0);
    }

    @Override
    public void check(Violations violations, String prefix) {
        if (measure == null) {
            // a name outside the vocabulary reads as absent, and was reported as such by the reader
            if (!violations.has(prefix + "measure")) {
                violations.add(prefix + "measure", "is required: one of " + MeasureType.names());
            }
            return;
        }
        for (Map.Entry<String, Object> option : options().entrySet()) {
            if (option.getValue() != null && !measure.options().contains(option.getKey())) {
                String takers = MeasureType.taking(option.getKey());
                violations.add(prefix + option.getKey(), "not an option of measure '" + measure.wire()
                        + "'; it applies to " + takers);
            }
        }
        if (measure == MeasureType.CKA) {
            cka().check(violations, prefix);
        }
        if (measure == MeasureType.SVCCA && svccaVariance != null && !(svccaVariance > 0 && svccaVariance <= 1)) {
            violations.add(prefix + "svccaVariance", "must be in (0, 1], was " + svccaVariance);
        }
        if (k != null && measure.options().contains("k") && (k < 1 || k > MAX_K)) {
            violations.add(prefix + "k", "must be 1.." + MAX_K + " (and below the examples per task), was " + k);
        }
    }

    /** The options as the wire names them, absent ones null. */
    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kernel", kernel);
        options.put("estimator", estimator);
        options.put("rbfThreshold", rbfThreshold);
        options.put("degree", degree);
        options.put("coef0", coef0);
        options.put("svccaVariance", svccaVariance);
        options.put("k", k);
        return options;
    }

    @Override
    public MeasureSpec withDefaults() {
        return switch (measure) {
            case CKA -> of(cka().withDefaults());
            case SVCCA -> svcca(svccaVariance == null ? DEFAULT_SVCCA_VARIANCE : svccaVariance);
            case KNN_JACCARD, MUTUAL_KNN -> neighbours(measure, k == null ? DEFAULT_K : k);
            default -> of(measure);
        };
    }

    @Override
    public int minimumExamples(Statistics statistics) {
        return switch (measure) {
            case CKA -> cka().withDefaults().minimumExamples(statistics);
            // intervals subsample n/2 inputs and rank correlations on 8 of them at least
            case RSA -> statistics.bootstrapOrZero() > 0 ? 2 * MIN_RSA_SUBSAMPLE : 3;
            case KNN_JACCARD, MUTUAL_KNN -> (int) Math.min(Integer.MAX_VALUE, (k == null ? DEFAULT_K : k) + 1L);
            default -> 2;
        };
    }

    /** The fewest inputs an rsa subsample holds. */
    public static final int MIN_RSA_SUBSAMPLE = 8;

    @Override
    public String whyMinimumExamples(Statistics statistics) {
        return switch (measure) {
            case CKA -> cka().withDefaults().whyMinimumExamples(statistics);
            case RSA -> statistics.bootstrapOrZero() > 0
                    ? "rsa intervals subsample n/2 examples, at least " + MIN_RSA_SUBSAMPLE
                    : "rsa compares at least three dissimilarities";
            case KNN_JACCARD, MUTUAL_KNN -> measure.wire() + " with k = " + (k == null ? DEFAULT_K : k)
                    + " needs k + 1 examples (each example's neighbours are other examples)";
            default -> measure.wire() + " needs two examples";
        };
    }

    /**
     * Why subsampling intervals cannot be had with this measure, or null when they can.
     *
     * @param prefix the path of this measure's object, to name its fields in the reason
     */
    public String whyNoIntervals(String prefix) {
        if (measure == MeasureType.CKA) {
            return cka().withDefaults().estimator() == EstimatorType.DEBIASED ? null
                    : CkaMeasure.intervalsNeedDebiased(prefix + "estimator");
        }
        return measure.intervals() ? null : "subsampling intervals are not offered for " + prefix + "measure '"
                + measure.wire() + "': its value on half of the inputs does not estimate its value on all of them; "
                + "use permutations for significance";
    }

    /**
     * The rules of an experiment's list of measures: at least one, each measure at most once (results are keyed by
     * the measure), each entry's own rules, and the statistics' rules for every measure in the list.
     *
     * @param field the list's field ("measures")
     */
    public static void checkList(Violations violations, String field, List<MeasureSpec> measures,
            Statistics statistics, String statisticsPrefix) {
        if (measures.isEmpty()) {
            violations.add(field, "must hold at least one measure (leave it out for CKA alone)");
            return;
        }
        List<MeasureType> seen = new ArrayList<>();
        for (int i = 0; i < measures.size(); i++) {
            MeasureSpec spec = measures.get(i);
            String prefix = field + "[" + i + "].";
            if (spec == null) {
                violations.add(field + "[" + i + "]", "must not be null");
                continue;
            }
            spec.check(violations, prefix);
            if (spec.measure() != null && seen.contains(spec.measure())) {
                violations.add(prefix + "measure", "'" + spec.measure().wire() + "' is already "
                        + field + "[" + seen.indexOf(spec.measure()) + "]; each measure may appear once");
            }
            seen.add(spec.measure());
        }
        statistics.checkCounts(violations, statisticsPrefix);
        if (statistics.bootstrapOrZero() > 0 && statistics.bootstrapOrZero() <= Statistics.MAX_RESAMPLES) {
            for (int i = 0; i < measures.size(); i++) {
                MeasureSpec spec = measures.get(i);
                String reason = spec == null || spec.measure() == null ? null
                        : spec.whyNoIntervals(field + "[" + i + "].");
                if (reason != null) {
                    violations.add(statisticsPrefix + "bootstrap", reason);
                }
            }
        }
    }

    /** The measure of the list (defaults filled in) that needs the most examples per task. */
    public static MeasureSpec mostDemanding(List<MeasureSpec> measures, Statistics statistics) {
        MeasureSpec most = null;
        for (MeasureSpec spec : measures) {
            if (spec != null && spec.measure() != null && (most == null
                    || spec.minimumExamples(statistics) > most.minimumExamples(statistics))) {
                most = spec;
            }
        }
        return most == null ? of(CkaMeasure.defaults()) : most;
    }
}
