package io.mossa.contract.measure;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.mossa.contract.WireName;

/**
 * The representational similarity measures MOSSA computes, by their wire names. X is n x p, Y is n x q, rows
 * paired; X~, Y~ have centred columns. Each constant declares its kind, its range, whether it is symmetric in X and
 * Y, and whether subsampling intervals are offered (only where the value on a random half of the inputs estimates
 * the same quantity as on all of them).
 */
public enum MeasureType implements WireName {

    CKA("cka", MeasureKind.SIMILARITY, 0, 1, true, true,
            "centred kernel alignment (Kornblith et al. 2019): kernel and estimator options as before"),
    CCA("cca", MeasureKind.SIMILARITY, 0, 1, true, false,
            "mean squared canonical correlation: ||Q_Y^T Q_X||_F^2 / min(rank X~, rank Y~), Q orthonormal bases"),
    SVCCA("svcca", MeasureKind.SIMILARITY, 0, 1, true, false,
            "Raghu et al. 2017: each side reduced to the top singular directions explaining svccaVariance of its "
                    + "variance, then the mean (unsquared) canonical correlation"),
    PWCCA("pwcca", MeasureKind.SIMILARITY, 0, 1, false, false,
            "Morcos et al. 2018: canonical correlations weighted by alpha_i ~ sum_j |<h_i, x~_j>| (h_i canonical "
                    + "variates of X); asymmetric, weights from X"),
    PROCRUSTES("procrustes", MeasureKind.DISTANCE, 0, 2, true, false,
            "orthogonal Procrustes distance (Ding et al. 2021): 2 - 2 ||X~^T Y~||_* with unit Frobenius norms"),
    ANGULAR_SHAPE("angular-shape", MeasureKind.DISTANCE, 0, Math.PI / 2, true, false,
            "angular shape metric (Williams et al. 2021): arccos(||X~^T Y~||_*) with unit Frobenius norms"),
    RSA("rsa", MeasureKind.SIMILARITY, -1, 1, true, true,
            "representational similarity analysis (Kriegeskorte et al. 2008): RDMs of 1 - Pearson correlation "
                    + "between inputs, compared by the Spearman correlation of their upper triangles (average ranks)"),
    LINEAR_REGRESSION("linear-regression", MeasureKind.SIMILARITY, 0, 1, false, false,
            "R^2 of the least-squares prediction of Y~ from X~: ||Q_X^T Y~||_F^2 / ||Y~||_F^2; asymmetric"),
    KNN_JACCARD("knn-jaccard", MeasureKind.SIMILARITY, 0, 1, true, false,
            "mean over inputs of the Jaccard overlap of the k nearest other inputs by cosine similarity of the rows"),
    MUTUAL_KNN("mutual-knn", MeasureKind.SIMILARITY, 0, 1, true, false,
            "Huh et al. 2024: mean over inputs of |N_X(i) & N_Y(i)| / k, the same neighbour sets");

    private final String value;
    private final MeasureKind kind;
    private final double lower;
    private final double upper;
    private final boolean symmetric;
    private final boolean intervals;
    private final String convention;

    MeasureType(String value, MeasureKind kind, double lower, double upper, boolean symmetric, boolean intervals,
            String convention) {
        this.value = value;
        this.kind = kind;
        this.lower = lower;
        this.upper = upper;
        this.symmetric = symmetric;
        this.intervals = intervals;
        this.convention = convention;
    }

    @Override
    public String wire() {
        return value;
    }

    public MeasureKind kind() {
        return kind;
    }

    /** The smallest value the measure takes. */
    public double lower() {
        return lower;
    }

    /** The largest value the measure takes. */
    public double upper() {
        return upper;
    }

    /** Whether m(X, Y) = m(Y, X). */
    public boolean symmetric() {
        return symmetric;
    }

    /** Whether subsampling intervals are offered for this measure. */
    public boolean intervals() {
        return intervals;
    }

    /** The definition, as the API documentation states it. */
    public String convention() {
        return convention;
    }

    /**
     * The options that belong to this measure alone, as the APIs name them; {@link #COMMON_OPTIONS} apply to every
     * measure. Another measure's option is refused rather than ignored.
     */
    public Set<String> options() {
        return switch (this) {
            case CKA -> Set.of("kernel", "estimator", "rbfThreshold", "degree", "coef0", "minibatch");
            case SVCCA -> Set.of("svccaVariance");
            case KNN_JACCARD, MUTUAL_KNN -> Set.of("k");
            default -> Set.of();
        };
    }

    /** The options of every measure: the measure itself and the statistics. */
    public static final Set<String> COMMON_OPTIONS = Set.of("measure", "permutations", "bootstrap", "confidence",
            "seed");

    /** The measures that take {@code option}, comma-separated ("" when none does). */
    public static String taking(String option) {
        return Arrays.stream(values()).filter(t -> t.options().contains(option)).map(MeasureType::wire)
                .collect(Collectors.joining(", "));
    }

    /** Whether {@code a} is at least as similar as {@code b} under this measure's direction. */
    public boolean atLeastAsSimilar(double a, double b) {
        return kind == MeasureKind.DISTANCE ? a <= b : a >= b;
    }

    /** The measure with this wire name. */
    public static MeasureType of(String value) {
        for (MeasureType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown measure '" + value + "': expected one of " + names());
    }

    /** The wire names, comma-separated, in declaration order. */
    public static String names() {
        return Arrays.stream(values()).map(MeasureType::wire).collect(Collectors.joining(", "));
    }
}
