package io.mossa.cka.similarity;

import java.util.ArrayList;
import java.util.List;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.SymmetricProduct;
import io.mossa.cka.similarity.stats.Subsampling;
import io.mossa.cka.similarity.stats.Resampler;
import io.mossa.contract.experiment.LayerPairing;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * CKA between the layers of two representations, in float64 on DJL's PyTorch engine (BLAS on the CPU, CUDA
 * when the engine has it).
 *
 * <p>The method follows the request and the shapes: minibatch CKA when asked; otherwise the Gram form (every
 * layer's normalised centred kernel matrix built once, all pairs in one GEMM) or, for the linear kernel with the
 * biased estimator and no statistics, the feature-space form when it costs fewer multiply-adds or the Gram
 * matrices would not fit the memory budget.
 *
 * <p>Thread-safe: each call works in its own NDManager.
 */
public final class SimilarityEngine {

    /** Fraction of a full GEMM that {@link io.mossa.cka.similarity.kernel.SymmetricProduct} costs. */
    private static final double SYMMETRIC_COST = 0.6;

    private final Device device;
    private final long memoryBudgetBytes;
    private final double maxStatisticsWork;

    /**
     * @param device            where to compute
     * @param memoryBudgetBytes the most bytes of n x n matrices one call may hold
     * @param maxStatisticsWork the most multiply-adds the permutation test and bootstrap of one call may take
     */
    public SimilarityEngine(Device device, long memoryBudgetBytes, double maxStatisticsWork) {
        this.device = device;
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.maxStatisticsWork = maxStatisticsWork;
    }

    public SimilarityResult compare(LayerStack x, LayerStack y, SimilarityOptions options) {
        return compare(x, y, options, Form.CHEAPEST);
    }

    /** How full-batch CKA is computed: the benchmark times each form on the same data. */
    enum Form {
        CHEAPEST, GRAM, FEATURE
    }

    SimilarityResult compare(LayerStack x, LayerStack y, SimilarityOptions options, Form form) {
        validate(x, y, options);
        x.requireFinite();
        y.requireFinite();
        List<Integer> constantX = new ArrayList<>();
        List<Integer> constantY = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            if (options.minibatch() > 0) {
                double[] values = MinibatchCka.compute(x, y, options, manager);
                return result(x, y, options, values, null, null, null, "minibatch", constantX, constantY);
            }
            boolean feature = switch (form) {
                case CHEAPEST -> useFeatureForm(x, y, options);
                case FEATURE -> {
                    if (!options.kernel().isLinear() || options.estimator() != Estimator.BIASED) {
                        throw new IllegalArgumentException("the feature form exists for linear, biased CKA only");
                    }
                    yield true;
                }
                case GRAM -> false;
            };
            if (feature) {
                double[] values = FeatureSpaceCka.compute(x, y, options.pairing(), memoryBudgetBytes / 2, manager,
                        constantX, constantY);
                return result(x, y, options, values, null, null, null, "feature", constantX, constantY);
            }
            if (streamsPairs(x, y, options)) {
                return streamedPairs(x, y, options, manager);
            }
            requireGramMemory(x.rows(), x.layers(), y.layers(), options);
            if (options.pairing() == LayerPairing.SAME) {
                return sameByGram(x, y, options, manager);
            }
            GramComparison all = gramComparison(x, y, options, manager);
            return result(x, y, options, all.values, all.pValues, all.lower, all.upper, "gram", all.constantX,
                    all.constantY);
        }
    }

    private void validate(LayerStack x, LayerStack y, SimilarityOptions options) {
        x.requirePairableWith(y, options.pairing());
        check(x.rows(), x.layers(), y.layers(), options);
    }

    /**
     * The rules that depend on the sizes alone (inputs and layers, not the features), so that work can be refused
     * before any activation is fetched: the estimator's minimum n, minibatch and interval sizes, the statistics
     * work limit, and the memory budget where only the Gram form can compute the request.
     *
     * @throws SimilarityException naming the parameter at fault ("x" for too few inputs)
     */
    public void check(int n, int layersX, int layersY, SimilarityOptions options) {
        int min = Math.max(2, options.estimator().minRows());
        if (n < min) {
            throw new SimilarityException("x", "the " + options.estimator().value() + " estimator needs at least "
                    + min + " inputs, got " + n);
        }
        if (options.minibatch() > 0 && (options.minibatch() < min || options.minibatch() > n)) {
            throw new SimilarityException("minibatch", "minibatch must be between " + min + " and n = " + n
                    + " for the " + options.estimator().value() + " estimator, got " + options.minibatch());
        }
        if (options.bootstrap() > 0 && n / 2 < Estimator.DEBIASED.minRows()) {
            throw new SimilarityException("bootstrap", "intervals subsample n/2 inputs and need n >= 8, got " + n);
        }
        if (options.wantsStatistics()) {
            double work = statisticsWork(n, layersX, layersY, options);
            if (work > maxStatisticsWork) {
                throw new SimilarityException(options.permutations() > 0 ? "permutations" : "bootstrap", String.format(
                        "the requested statistics need about %.2g multiply-adds (resamples x pairs x n^2), above the "
                                + "limit of %.2g: use fewer resamples, fewer layers or fewer inputs",
                        work, maxStatisticsWork));
            }
        }
        boolean linearBiased = options.kernel().isLinear() && options.estimator() == Estimator.BIASED;
        if (options.minibatch() == 0 && !(linearBiased && !options.wantsStatistics())) {
            // every other full-batch request is computed in the Gram form (linear, biased CKA without statistics
            // falls back to the feature form or streams its pairs)
            requireGramMemory(n, layersX, layersY, options);
        }
    }

    private static double statisticsWork(int n, int layersX, int layersY, SimilarityOptions options) {
        double n2 = (double) n * n;
        double pairs = options.pairing() == LayerPairing.ALL ? (double) layersX * layersY : layersX;
        double layers = layersX + layersY;
        return (options.permutations() + options.bootstrap()) * (pairs + layers) * n2;
    }

    private boolean useFeatureForm(LayerStack x, LayerStack y, SimilarityOptions options) {
        if (!options.kernel().isLinear() || options.estimator() != Estimator.BIASED
                || options.wantsStatistics()) {
            return false;
        }
        if (gramBytes(x.rows(), x.layers(), y.layers(), options) > memoryBudgetBytes) {
            return true;
        }
        double n = x.rows();
        double p = x.features();
        double q = y.features();
        double lx = x.layers();
        double ly = y.layers();
        double pairs = options.pairing() == LayerPairing.ALL ? lx * ly : lx;
        double feature = SYMMETRIC_COST * n * (lx * p * p + ly * q * q) + pairs * n * p * q;
        double gram = SYMMETRIC_COST * n * n * (lx * p + ly * q) + pairs * n * n;
        return feature < gram;
    }

    /** Bytes of n x n float64 matrices the Gram form holds at once. */
    private static long gramBytes(int n, int layersX, int layersY, SimilarityOptions options) {
        if (options.pairing() == LayerPairing.SAME) {
            // one pair at a time: two normalised matrices, kernels for bootstrap, a resampled pair, and temporaries
            return GramStack.bytes(2, n, 2 + (options.bootstrap() > 0 ? 2 : 0) + (options.wantsStatistics() ? 1 : 0));
        }
        int layers = layersX + layersY;
        int copies = 1 + (options.bootstrap() > 0 ? 2 : 0) + (options.permutations() > 0 ? 1 : 0);
        // plus a few n x n temporaries while one layer's matrix is built
        return GramStack.bytes(layers, n, copies) + GramStack.bytes(3, n, 1);
    }

    private void requireGramMemory(int n, int layersX, int layersY, SimilarityOptions options) {
        long bytes = gramBytes(n, layersX, layersY, options);
        if (bytes > memoryBudgetBytes) {
            throw new SimilarityException("minibatch", String.format("n = %d needs %d MiB of n x n matrices for this "
                    + "kernel, estimator and statistics, above the memory budget of %d MiB: use minibatch CKA "
                    + "(minibatch=1000, say), fewer layers or fewer inputs", n, bytes >> 20,
                    memoryBudgetBytes >> 20));
        }
    }

    /**
     * Linear, biased CKA without statistics on independent pairs (one pair, or same-index pairs) needs no stack of
     * Gram matrices: each pair's Gram form streams over strips of rows.
     */
    private static boolean streamsPairs(LayerStack x, LayerStack y, SimilarityOptions options) {
        boolean linearBiased = options.kernel().isLinear() && options.estimator() == Estimator.BIASED;
        boolean independentPairs = options.pairing() == LayerPairing.SAME || (x.layers() == 1 && y.layers() == 1);
        return linearBiased && independentPairs && !options.wantsStatistics();
    }

    private static SimilarityResult streamedPairs(LayerStack x, LayerStack y, SimilarityOptions options,
            NDManager manager) {
        int pairs = options.pairing() == LayerPairing.SAME ? x.layers() : 1;
        double[] values = new double[pairs];
        List<Integer> constantX = new ArrayList<>();
        List<Integer> constantY = new ArrayList<>();
        for (int l = 0; l < pairs; l++) {
            values[l] = StreamedGramCka.pair(x, l, y, l, manager);
            if (x.isConstant(l)) {
                constantX.add(l);
            }
            if (y.isConstant(l)) {
                constantY.add(l);
            }
        }
        return result(x, y, options, values, null, null, null, "gram", constantX, constantY);
    }

    private SimilarityResult sameByGram(LayerStack x, LayerStack y, SimilarityOptions options, NDManager manager) {
        int layers = x.layers();
        double[] values = new double[layers];
        double[] pValues = options.permutations() > 0 ? new double[layers] : null;
        double[] lower = options.bootstrap() > 0 ? new double[layers] : null;
        double[] upper = options.bootstrap() > 0 ? new double[layers] : null;
        List<Integer> constantX = new ArrayList<>();
        List<Integer> constantY = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            try (NDManager scope = manager.newSubManager()) {
                GramComparison one = gramComparison(x.slice(l), y.slice(l), options, scope);
                values[l] = one.values[0];
                if (pValues != null) {
                    pValues[l] = one.pValues[0];
                }
                if (lower != null) {
                    lower[l] = one.lower[0];
                    upper[l] = one.upper[0];
                }
                if (!one.constantX.isEmpty()) {
                    constantX.add(l);
                }
                if (!one.constantY.isEmpty()) {
                    constantY.add(l);
                }
            }
        }
        return result(x, y, options, values, pValues, lower, upper, "gram", constantX, constantY);
    }

    private record GramComparison(double[] values, double[] pValues, double[] lower, double[] upper,
            List<Integer> constantX, List<Integer> constantY) {
    }

    /** All layer pairs by the Gram form, with the permutation test and bootstrap when asked. */
    private GramComparison gramComparison(LayerStack x, LayerStack y, SimilarityOptions options, NDManager manager) {
        boolean full = options.wantsStatistics();
        boolean keepKernels = options.bootstrap() > 0;
        GramStack gx = GramStack.build(x, options.kernel(), options.estimator(), full, keepKernels, manager);
        // a model against itself: one stack serves both sides
        GramStack gy = y == x ? gx
                : GramStack.build(y, options.kernel(), options.estimator(), full, keepKernels, manager);
        try {
            double[] values = clamp(GramStack.cosines(gx.rows, gx.norms, gy.rows, gy.norms), options);
            double[] pValues = options.permutations() > 0 ? permutationTest(gx, gy, values, options) : null;
            double[][] interval = options.bootstrap() > 0 ? intervals(gx, gy, values, options) : null;
            return new GramComparison(values, pValues, interval == null ? null : interval[0],
                    interval == null ? null : interval[1], gx.constant, gy.constant);
        } finally {
            gx.close();
            if (gy != gx) {
                gy.close();
            }
        }
    }

    /**
     * p = (1 + #{permuted >= observed}) / (1 + permutations), with the rows of Y shuffled (the same permutations
     * for every pair). Permuting Y's inputs permutes the rows and columns of C(L) alike, and both estimators'
     * centrings commute with that, so each permuted matrix is a gather from the unpermuted one, with the same norm.
     */
    private static double[] permutationTest(GramStack gx, GramStack gy, double[] observed, SimilarityOptions options) {
        Resampler resampler = Resampler.forPermutations(options.seed());
        int n = gx.n;
        long ly = gy.rows.getShape().get(0);
        int[] atLeast = new int[observed.length];
        NDManager manager = gy.rows.getManager();
        for (int b = 0; b < options.permutations(); b++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray index = scope.create(Resampler.squareIndex(resampler.permutation(n), n));
                NDArray permuted = scope.zeros(new Shape(ly, (long) n * n), DataType.FLOAT64);
                for (long j = 0; j < ly; j++) {
                    permuted.set(new NDIndex(j), gy.rows.get(scope, new NDIndex(j)).take(scope, index));
                }
                double[] values = clamp(GramStack.cosines(gx.rows, gx.norms, permuted, gy.norms), options);
                for (int i = 0; i < values.length; i++) {
                    // a tolerance for ties: equal values computed in a different order may differ in the last bits
                    if (values[i] >= observed[i] - 1e-12) {
                        atLeast[i]++;
                    }
                }
            }
        }
        double[] p = new double[observed.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Subsampling.pValue(atLeast[i], options.permutations());
        }
        return p;
    }

    /**
     * Subsampling intervals (the m-out-of-n bootstrap without replacement; Politis, Romano and Wolf 1999):
     * B subsets of m = n/2 distinct inputs (the same subset on both sides), each layer's kernel matrix restricted
     * to them and centred again, CKA recomputed; with c the quantiles of (CKA_m - CKA_n), the interval is
     * [CKA_n - sqrt(m/n) c_(1-a/2), CKA_n - sqrt(m/n) c_(a/2)]. Drawing with replacement instead would put copies
     * of one input in a sample, which the estimator reads as a perfect match between two inputs and which biases
     * every resampled CKA upwards (measured here: a percentile interval of [0.64, 0.68] around an estimate of
     * 0.59). The debiased estimator is unbiased at every size, which is why intervals require it. The RBF
     * bandwidth stays that of the full sample.
     */
    private static double[][] intervals(GramStack gx, GramStack gy, double[] observed, SimilarityOptions options) {
        Resampler resampler = Resampler.forIntervals(options.seed());
        int n = gx.n;
        int m = subsampleSize(n);
        int pairs = gx.norms.length * gy.norms.length;
        double[][] deviations = new double[pairs][options.bootstrap()];
        NDManager manager = gy.rows.getManager();
        for (int b = 0; b < options.bootstrap(); b++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray index = scope.create(Resampler.squareIndex(resampler.subsample(n, m), n));
                double[] normsX = new double[gx.norms.length];
                double[] normsY = new double[gy.norms.length];
                NDArray rx = restricted(gx, index, m, options, normsX, scope);
                NDArray ry = restricted(gy, index, m, options, normsY, scope);
                double[] values = clamp(GramStack.cosines(rx, normsX, ry, normsY), options);
                for (int i = 0; i < pairs; i++) {
                    deviations[i][b] = values[i] - observed[i];
                }
            }
        }
        double[] lower = new double[pairs];
        double[] upper = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double[] interval = Subsampling.interval(observed[i], deviations[i], m, n, options.confidence(), -1, 1);
            lower[i] = interval[0];
            upper[i] = interval[1];
        }
        return new double[][] {lower, upper};
    }

    /** The size of the interval subsamples: half the inputs, and at least the debiased estimator's minimum. */
    static int subsampleSize(int n) {
        return Subsampling.size(n, Estimator.DEBIASED.minRows());
    }

    private static NDArray restricted(GramStack stack, NDArray index, int m, SimilarityOptions options,
            double[] norms, NDManager scope) {
        int layers = norms.length;
        NDArray out = scope.zeros(new Shape(layers, (long) m * m), DataType.FLOAT64);
        for (int l = 0; l < layers; l++) {
            if (stack.constant.contains(l)) {
                continue;
            }
            try (NDManager layerScope = scope.newSubManager()) {
                NDArray k = stack.kernels.get(layerScope, new NDIndex(l)).take(layerScope, index).reshape(m, m);
                // centred again always: a subset of rows is no longer centred, even for the linear kernel
                NDArray c = options.estimator().centre(k);
                norms[l] = Math.sqrt(SymmetricProduct.squaredNorm(c));
                out.set(new NDIndex(l), c.reshape((long) m * m));
            }
        }
        return out;
    }

    private static double[] clamp(double[] values, SimilarityOptions options) {
        // rounding can overshoot by ~1e-16; the biased estimator is never negative in exact arithmetic
        double floor = options.estimator() == Estimator.BIASED ? 0 : -1;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(floor, Math.min(1, values[i]));
        }
        return values;
    }

    private static SimilarityResult result(LayerStack x, LayerStack y, SimilarityOptions options, double[] values,
            double[] pValues, double[] lower, double[] upper, String method, List<Integer> constantX,
            List<Integer> constantY) {
        requireFinite("value", values, options);
        requireFinite("p-value", pValues, options);
        requireFinite("interval bound", lower, options);
        requireFinite("interval bound", upper, options);
        return new SimilarityResult(x.layers(), y.layers(), options.pairing(), x.rows(), values, pValues, lower, upper,
                method, List.copyOf(constantX), List.copyOf(constantY));
    }

    /**
     * A non-finite number is never a result: kernel entries that overflowed (a large polynomial constant on large
     * activations) or a bandwidth that underflowed make the measure undefined for these inputs, which is the
     * caller's error to see, not a NaN to store.
     */
    private static void requireFinite(String what, double[] numbers, SimilarityOptions options) {
        if (numbers == null) {
            return;
        }
        for (int i = 0; i < numbers.length; i++) {
            if (!Double.isFinite(numbers[i])) {
                throw new SimilarityException("kernel", "the " + options.kernel().name() + " kernel's CKA is "
                        + "undefined for these inputs: " + what + " " + i + " of " + numbers.length + " came out "
                        + numbers[i] + " (kernel entries overflowed or underflowed); choose kernel parameters "
                        + "nearer the defaults or the linear kernel");
            }
        }
    }
}
