package io.mossa.cka.similarity.measure;

import io.mossa.contract.measure.MeasureType;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.stats.Resampler;
import io.mossa.cka.similarity.stats.Subsampling;

/**
 * The measures other than CKA between the layers of two representations, in float64: every layer's work (thin SVD,
 * RDM ranks, neighbour lists) is done once and reused by every pair it takes part in, as the CKA engine reuses Gram
 * matrices; permutation p-values and subsampling intervals recompute only the pair work (a permutation relabels a
 * prepared layer, it does not redo it).
 *
 * <p>Thread-safe: each call works in its own NDManager.
 */
public final class MeasureEngine {

    private final Device device;
    private final long memoryBudgetBytes;
    private final double maxStatisticsWork;

    /**
     * @param device            where the products run
     * @param memoryBudgetBytes the most bytes of prepared layers and temporaries one call may hold
     * @param maxStatisticsWork the most multiply-adds the statistics of one call may take
     */
    public MeasureEngine(Device device, long memoryBudgetBytes, double maxStatisticsWork) {
        this.device = device;
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.maxStatisticsWork = maxStatisticsWork;
    }

    public SimilarityResult compare(LayerStack x, LayerStack y, MeasureOptions options) {
        x.requirePairableWith(y, options.pairing());
        check(x.rows(), x.features(), y.features(), x.layers(), y == x ? 0 : y.layers(), options);
        x.requireFinite();
        if (y != x) {
            y.requireFinite();
        }
        return run(measure(options), x, y, options);
    }

    /** The measure object of these options. */
    static LayerMeasure<?> measure(MeasureOptions options) {
        return switch (options.type()) {
            case CCA -> new Cca();
            case SVCCA -> new Svcca(options.svccaVariance());
            case PWCCA -> new Pwcca();
            case PROCRUSTES -> new Procrustes();
            case ANGULAR_SHAPE -> new AngularShape();
            case LINEAR_REGRESSION -> new LinearRegression();
            case RSA -> new Rsa(options.bootstrap() > 0);
            case KNN_JACCARD -> new KnnJaccard(options.k());
            case MUTUAL_KNN -> new MutualKnn(options.k());
            case CKA -> throw new IllegalArgumentException("cka is computed by SimilarityEngine");
        };
    }

    /**
     * The rules that depend on the sizes alone, so that work can be refused before any activation is fetched: the
     * measure's minimum n, k below n, the statistics work limit and the memory budget.
     *
     * @param layersY 0 when y is x (one side's layers prepared once)
     * @throws SimilarityException naming the parameter at fault ("x" for too few inputs or too large a request)
     */
    public void check(int n, int p, int q, int layersX, int layersY, MeasureOptions options) {
        MeasureType type = options.type();
        if (usesNeighbours(type) && options.k() > n - 1) {
            throw new SimilarityException("k", "k must be below n = " + n + " (each input's neighbours are other "
                    + "inputs), got " + options.k());
        }
        int min = minimumInputs(options);
        if (n < min) {
            throw new SimilarityException("x", type.wire() + " needs at least " + min + " inputs, got " + n);
        }
        if (options.bootstrap() > 0 && n / 2 < Math.max(8, min)) {
            throw new SimilarityException("bootstrap", "intervals subsample n/2 inputs and need n >= "
                    + 2 * Math.max(8, min) + ", got " + n);
        }
        int pairs = options.pairing() == LayerPairing.ALL ? layersX * (layersY == 0 ? layersX : layersY) : layersX;
        if (options.wantsStatistics()) {
            double work = (options.permutations() + options.bootstrap()) * (double) pairs
                    * pairWork(type, n, p, q, options);
            if (work > maxStatisticsWork) {
                throw new SimilarityException(options.permutations() > 0 ? "permutations" : "bootstrap", String.format(
                        "the requested statistics need about %.2g multiply-adds (resamples x pairs x the measure's "
                                + "pair work), above the limit of %.2g: use fewer resamples, fewer layers or fewer "
                                + "inputs", work, maxStatisticsWork));
            }
        }
        long bytes = bytes(n, p, q, layersX, layersY, options);
        if (bytes > memoryBudgetBytes) {
            throw new SimilarityException("x", String.format("%s at n = %d needs about %d MiB for its prepared "
                    + "layers and temporaries, above the memory budget of %d MiB: use fewer layers or fewer inputs",
                    type.wire(), n, bytes >> 20, memoryBudgetBytes >> 20));
        }
    }

    static int minimumInputs(MeasureOptions options) {
        return switch (options.type()) {
            // three inputs give three dissimilarities, the fewest a rank correlation can compare
            case RSA -> 3;
            case KNN_JACCARD, MUTUAL_KNN -> options.k() + 1;
            default -> 2;
        };
    }

    private static boolean usesNeighbours(MeasureType type) {
        return type == MeasureType.KNN_JACCARD || type == MeasureType.MUTUAL_KNN;
    }

    /** Multiply-adds of one pair's computation (the statistics repeat it per resample). */
    static double pairWork(MeasureType type, int n, int p, int q, MeasureOptions options) {
        double rx = Math.min(n, p);
        double ry = Math.min(n, q);
        double rdm = (double) n * (n - 1) / 2;
        return switch (type) {
            case CCA, LINEAR_REGRESSION -> n * rx * ry;
            // a singular value decomposition of the rank x rank cross product, about 10 r^3 in EJML
            case SVCCA, PROCRUSTES, ANGULAR_SHAPE, PWCCA -> n * rx * ry + 10 * Math.pow(Math.min(rx, ry), 3);
            // a resample re-ranks the dissimilarities (intervals) or gathers them (permutations)
            case RSA -> options.bootstrap() > 0 ? rdm * Math.log(rdm) : rdm;
            case KNN_JACCARD, MUTUAL_KNN -> (double) n * options.k();
            case CKA -> throw new IllegalArgumentException("cka is checked by SimilarityEngine");
        };
    }

    /** Bytes of prepared layers (both sides, and a permuted copy of Y's for a permutation test) and temporaries. */
    static long bytes(int n, int p, int q, int layersX, int layersY, MeasureOptions options) {
        long perX = layerBytes(n, p, options);
        long perY = layerBytes(n, q, options);
        long yCopies = 1 + (options.permutations() > 0 ? 1 : 0);
        long layersOfY = layersY == 0 ? layersX : layersY;
        long held = perX * layersX + (layersY == 0 ? 0 : perY * layersY) + perY * layersOfY * (yCopies - 1);
        return held + temporaryBytes(n, Math.max(p, q), options);
    }

    private static long layerBytes(long n, long p, MeasureOptions options) {
        long r = Math.min(n, p);
        return switch (options.type()) {
            case PWCCA -> Double.BYTES * (2 * n * r + r * p);
            case CCA, SVCCA, PROCRUSTES, ANGULAR_SHAPE, LINEAR_REGRESSION -> Double.BYTES * 2 * n * r;
            case RSA -> Double.BYTES * Rdm.entries(n) * (options.bootstrap() > 0 ? 2 : 1);
            case KNN_JACCARD, MUTUAL_KNN -> (long) Integer.BYTES * n * options.k();
            case CKA -> 0;
        };
    }

    private static long temporaryBytes(long n, long p, MeasureOptions options) {
        long layer = Double.BYTES * n * p * 3;
        long m = Math.min(n, p);
        return layer + switch (options.type()) {
            // the Gram matrix, its Java copy and the eigenvectors, then the rank x rank cross products
            case CCA, SVCCA, PWCCA, PROCRUSTES, ANGULAR_SHAPE, LINEAR_REGRESSION -> Double.BYTES * 5 * m * m;
            // dissimilarities, their sorted copy and ranks, and a strip of correlations
            case RSA -> Double.BYTES * (3 * Rdm.entries(n)) + (32L << 20);
            case KNN_JACCARD, MUTUAL_KNN -> 32L << 20;
            case CKA -> 0;
        };
    }

    private <S extends LayerState<S>> SimilarityResult run(LayerMeasure<S> measure, LayerStack x, LayerStack y,
            MeasureOptions options) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            List<S> xs = prepare(measure, x, manager);
            // a model against itself: one side's prepared layers serve both
            List<S> ys = y == x ? xs : prepare(measure, y, manager);
            try {
                double[] values = pairs(measure, xs, ys, options.pairing());
                double[] pValues = options.permutations() > 0
                        ? permutationTest(measure, xs, ys, values, x.rows(), options, manager) : null;
                double[][] interval = options.bootstrap() > 0
                        ? intervals(measure, xs, ys, values, x.rows(), options) : null;
                return new SimilarityResult(x.layers(), y.layers(), options.pairing(), x.rows(), values, pValues,
                        interval == null ? null : interval[0], interval == null ? null : interval[1],
                        measure.method(), constant(xs), constant(ys));
            } finally {
                xs.forEach(LayerState::close);
                if (ys != xs) {
                    ys.forEach(LayerState::close);
                }
            }
        }
    }

    private static <S extends LayerState<S>> List<S> prepare(LayerMeasure<S> measure, LayerStack side,
            NDManager manager) {
        List<S> states = new ArrayList<>(side.layers());
        for (int l = 0; l < side.layers(); l++) {
            try (NDManager scope = manager.newSubManager()) {
                states.add(measure.prepare(side.layer(l, scope), side.isConstant(l), manager));
            }
        }
        return states;
    }

    private static <S extends LayerState<S>> double[] pairs(LayerMeasure<S> measure, List<S> xs, List<S> ys,
            LayerPairing pairing) {
        if (pairing == LayerPairing.SAME) {
            double[] values = new double[xs.size()];
            for (int l = 0; l < xs.size(); l++) {
                values[l] = measure.compare(xs.get(l), ys.get(l));
            }
            return values;
        }
        double[] values = new double[xs.size() * ys.size()];
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < ys.size(); j++) {
                values[i * ys.size() + j] = measure.compare(xs.get(i), ys.get(j));
            }
        }
        return values;
    }

    /**
     * Y's inputs shuffled (the same permutations for every pair); p = (1 + #{permuted at least as similar as
     * observed}) / (1 + permutations), where "at least as similar" is "at most" for a distance.
     */
    private static <S extends LayerState<S>> double[] permutationTest(LayerMeasure<S> measure, List<S> xs,
            List<S> ys, double[] observed, int n, MeasureOptions options, NDManager manager) {
        Resampler resampler = Resampler.forPermutations(options.seed());
        int[] atLeast = new int[observed.length];
        for (int b = 0; b < options.permutations(); b++) {
            int[] order = toInts(resampler.permutation(n));
            try (NDManager scope = manager.newSubManager()) {
                List<S> shuffled = new ArrayList<>(ys.size());
                for (S state : ys) {
                    shuffled.add(state.permuted(order, scope));
                }
                double[] values = pairs(measure, xs, shuffled, options.pairing());
                for (int i = 0; i < values.length; i++) {
                    if (options.type().atLeastAsSimilar(values[i], observed[i])) {
                        atLeast[i]++;
                    }
                }
                shuffled.forEach(LayerState::close);
            }
        }
        double[] p = new double[observed.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Subsampling.pValue(atLeast[i], options.permutations());
        }
        return p;
    }

    /** Subsampling intervals: the same m = n/2 inputs on both sides, each layer's state rebuilt on them. */
    private static <S extends LayerState<S>> double[][] intervals(LayerMeasure<S> measure, List<S> xs, List<S> ys,
            double[] observed, int n, MeasureOptions options) {
        Resampler resampler = Resampler.forIntervals(options.seed());
        int m = Subsampling.size(n, minimumInputs(options));
        double[][] deviations = new double[observed.length][options.bootstrap()];
        for (int b = 0; b < options.bootstrap(); b++) {
            int[] rows = toInts(resampler.subsample(n, m));
            List<S> subX = new ArrayList<>();
            for (S state : xs) {
                subX.add(measure.subset(state, rows));
            }
            List<S> subY = ys == xs ? subX : new ArrayList<>();
            if (ys != xs) {
                for (S state : ys) {
                    subY.add(measure.subset(state, rows));
                }
            }
            double[] values = pairs(measure, subX, subY, options.pairing());
            for (int i = 0; i < values.length; i++) {
                deviations[i][b] = values[i] - observed[i];
            }
        }
        MeasureType type = options.type();
        double[] lower = new double[observed.length];
        double[] upper = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            double[] interval = Subsampling.interval(observed[i], deviations[i], m, n, options.confidence(),
                    type.lower(), type.upper());
            lower[i] = interval[0];
            upper[i] = interval[1];
        }
        return new double[][] {lower, upper};
    }

    private static List<Integer> constant(List<? extends LayerState<?>> states) {
        List<Integer> out = new ArrayList<>();
        for (int l = 0; l < states.size(); l++) {
            if (states.get(l).constant()) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
