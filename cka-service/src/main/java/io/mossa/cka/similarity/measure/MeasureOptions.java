package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.MeasureSpec;
import io.mossa.contract.measure.Statistics;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityOptions;

/**
 * What to compute with a measure other than CKA (CKA keeps {@link SimilarityOptions}); every rule broken is a
 * {@link SimilarityException} naming the parameter.
 *
 * @param type          the measure
 * @param pairing       which layer pairs
 * @param svccaVariance svcca only: the fraction of each side's variance its kept directions explain, in (0, 1]
 * @param k             knn-jaccard and mutual-knn only: neighbours per input
 * @param permutations  permutation-test resamples (0 = no p-values)
 * @param bootstrap     subsampling-interval resamples (0 = none; only measures whose type offers intervals)
 * @param confidence    the interval level
 * @param seed          the seed of all resampling
 */
public record MeasureOptions(MeasureType type, LayerPairing pairing, double svccaVariance, int k, int permutations,
        int bootstrap, double confidence, long seed) {

    public static final double DEFAULT_SVCCA_VARIANCE = MeasureSpec.DEFAULT_SVCCA_VARIANCE;
    public static final int DEFAULT_K = MeasureSpec.DEFAULT_K;

    public MeasureOptions {
        require(type != null, "measure", "measure is required: one of " + MeasureType.names());
        require(type != MeasureType.CKA, "measure", "cka is computed with its kernel and estimator options");
        require(pairing != null, "pairing", "pairing is required");
        require(svccaVariance > 0 && svccaVariance <= 1, "svccaVariance",
                "svccaVariance must be in (0, 1], got " + svccaVariance);
        require(k >= 1, "k", "k must be at least 1, got " + k);
        require(permutations >= 0 && permutations <= SimilarityOptions.MAX_RESAMPLES, "permutations",
                "permutations must be 0.." + SimilarityOptions.MAX_RESAMPLES + ", got " + permutations);
        require(bootstrap >= 0 && bootstrap <= SimilarityOptions.MAX_RESAMPLES, "bootstrap",
                "bootstrap must be 0.." + SimilarityOptions.MAX_RESAMPLES + ", got " + bootstrap);
        require(confidence > 0 && confidence < 1, "confidence",
                "confidence must be between 0 and 1 (exclusive), got " + confidence);
        require(bootstrap == 0 || type.intervals(), "bootstrap", "subsampling intervals are not offered for "
                + type.wire() + ": its value on half of the inputs does not estimate its value on all of them "
                + "(it grows as inputs per feature or neighbourhood density shrink); use permutations for "
                + "significance");
    }

    /** The measure with its defaults and no statistics. */
    public static MeasureOptions of(MeasureType type, LayerPairing pairing) {
        return new MeasureOptions(type, pairing, DEFAULT_SVCCA_VARIANCE, DEFAULT_K, 0, 0, 0.95, 0);
    }

    /** An experiment's measure (not cka) with its statistics. */
    public static MeasureOptions of(MeasureSpec measure, Statistics statistics, LayerPairing pairing) {
        MeasureSpec m = measure.withDefaults();
        Statistics s = statistics.withDefaults();
        return new MeasureOptions(m.measure(), pairing, m.svccaVariance() == null ? DEFAULT_SVCCA_VARIANCE
                : m.svccaVariance(), m.k() == null ? DEFAULT_K : m.k(), s.permutations(), s.bootstrap(),
                s.confidence(), s.seed());
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
