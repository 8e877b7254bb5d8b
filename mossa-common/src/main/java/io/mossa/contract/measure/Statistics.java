package io.mossa.contract.measure;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Resampling statistics of every similarity value: permutation-test p-values and bootstrap intervals. Every field
 * is optional as submitted; {@link #withDefaults()} is no resampling, 0.95 intervals, seed 0.
 */
@Schema(description = "Resampling statistics per similarity value; the same limits as POST /api/v1/similarity")
public record Statistics(
        @Schema(description = "Permutation-test resamples for p-values, 0..10000", defaultValue = "0",
                example = "200", nullable = true)
        Integer permutations,
        @Schema(description = "Bootstrap resamples for intervals, 0..10000; for cka with estimator debiased, "
                + "and rsa",
                defaultValue = "0", example = "200", nullable = true)
        Integer bootstrap,
        @Schema(description = "Level of the bootstrap intervals, in (0, 1); only with bootstrap",
                defaultValue = "0.95", nullable = true)
        Double confidence,
        @Schema(description = "Seed of all resampling; only with permutations or bootstrap", defaultValue = "0",
                nullable = true)
        Long seed) {

    public static final int MAX_RESAMPLES = 10_000;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** Intervals subsample n/2 examples, and the debiased estimator they need is defined from 4. */
    public static final int MIN_BOOTSTRAP_EXAMPLES = 8;

    public static Statistics none() {
        return new Statistics(null, null, null, null);
    }

    public static Statistics permutations(int permutations, long seed) {
        return new Statistics(permutations, null, null, seed);
    }

    public static Statistics bootstrap(int bootstrap, double confidence, long seed) {
        return new Statistics(null, bootstrap, confidence, seed);
    }

    /**
     * Reports every broken rule of the statistics as submitted, for an experiment of one CKA measure.
     *
     * @param estimator      the measure's estimator (intervals need the debiased one)
     * @param estimatorField the estimator's field, named in the message
     */
    public void check(Violations violations, String prefix, EstimatorType estimator, String estimatorField) {
        checkCounts(violations, prefix);
        if (bootstrapOrZero() > 0 && bootstrapOrZero() <= MAX_RESAMPLES && estimator != EstimatorType.DEBIASED) {
            violations.add(prefix + "bootstrap", CkaMeasure.intervalsNeedDebiased(estimatorField));
        }
    }

    /**
     * The rules that hold whatever the measures: resample counts in range, confidence and seed only where they
     * apply. Which measures admit intervals is {@link MeasureSpec#checkList}'s (or {@link #check}'s) to say.
     */
    public void checkCounts(Violations violations, String prefix) {
        int p = permutationsOrZero();
        int b = bootstrapOrZero();
        if (p < 0 || p > MAX_RESAMPLES) {
            violations.add(prefix + "permutations", "must be 0.." + MAX_RESAMPLES + ", was " + p);
        }
        if (b < 0 || b > MAX_RESAMPLES) {
            violations.add(prefix + "bootstrap", "must be 0.." + MAX_RESAMPLES + ", was " + b);
        }
        if (confidence != null && b <= 0) {
            violations.add(prefix + "confidence", "only applies with bootstrap > 0 (it is the level of the intervals)");
        } else if (confidence != null && !(confidence > 0 && confidence < 1)) {
            violations.add(prefix + "confidence", "must be between 0 and 1 (exclusive), was " + confidence);
        }
        if (seed != null && p <= 0 && b <= 0) {
            violations.add(prefix + "seed", "only applies with permutations or bootstrap > 0");
        }
    }

    public Statistics withDefaults() {
        return new Statistics(permutationsOrZero(), bootstrapOrZero(),
                confidence == null ? DEFAULT_CONFIDENCE : confidence, seed == null ? 0L : seed);
    }

    public int permutationsOrZero() {
        return permutations == null ? 0 : permutations;
    }

    public int bootstrapOrZero() {
        return bootstrap == null ? 0 : bootstrap;
    }
}
