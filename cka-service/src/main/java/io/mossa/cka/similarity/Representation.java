package io.mossa.cka.similarity;

/**
 * One layer's representation of n inputs (n x p), centred column-wise once, with the quantities CKA
 * needs cached on first use: the transposed (feature-major) copy for the feature form, the centred Gram
 * matrix for the Gram form and the self-similarity norm. Build it once per layer and reuse it for every
 * pair the layer takes part in.
 *
 * <p>A representation whose centred values are all zero (every input gives the same vector, up to
 * rounding of at most 1e-12 relative to the data) is {@linkplain #isConstant() constant}: it carries no
 * similarity structure and {@link LinearCka} defines its CKA with anything as 0.
 *
 * <p>Not thread-safe: confine an instance to one thread.
 */
public final class Representation {

    /** Relative size (in squared Frobenius norm) below which centred data is treated as exactly constant. */
    private static final double CONSTANT_TOLERANCE = 1e-24;

    private final int n;
    private final int p;
    private final double[] centred;
    private final boolean constant;
    private double[] featureMajor;
    private double[] gram;
    private double selfNorm = Double.NaN;

    private Representation(int n, int p, double[] values) {
        if (n < 2) {
            throw new IllegalArgumentException("CKA needs at least 2 inputs, got " + n);
        }
        if (p < 1) {
            throw new IllegalArgumentException("a representation needs at least 1 feature, got " + p);
        }
        this.n = n;
        this.p = p;
        double[] mean = new double[p];
        double total = 0;
        for (int r = 0; r < n; r++) {
            int off = r * p;
            for (int c = 0; c < p; c++) {
                double v = values[off + c];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteValueException(r, c, v);
                }
                mean[c] += v;
                total += v * v;
            }
        }
        for (int c = 0; c < p; c++) {
            mean[c] /= n;
        }
        for (int r = 0; r < n; r++) {
            int off = r * p;
            for (int c = 0; c < p; c++) {
                values[off + c] -= mean[c];
            }
        }
        double residual = Kernels.sumOfSquares(values);
        this.constant = residual == 0 || residual <= CONSTANT_TOLERANCE * total;
        if (constant) {
            java.util.Arrays.fill(values, 0);
        }
        this.centred = values;
    }

    /** Centres a copy of {@code rowMajor} (n x p, row i = input i). */
    public static Representation of(double[] rowMajor, int n, int p) {
        checkLength(rowMajor.length, n, p);
        return new Representation(n, p, rowMajor.clone());
    }

    /** Widens {@code rowMajor} (n x p float32, exact) to float64 and centres it. */
    public static Representation of(float[] rowMajor, int n, int p) {
        checkLength(rowMajor.length, n, p);
        double[] values = new double[rowMajor.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = rowMajor[i];
        }
        return new Representation(n, p, values);
    }

    private static void checkLength(int length, int n, int p) {
        if ((long) n * p != length) {
            throw new IllegalArgumentException("expected " + n + " x " + p + " values, got " + length);
        }
    }

    public int rows() {
        return n;
    }

    public int features() {
        return p;
    }

    public boolean isConstant() {
        return constant;
    }

    /** The centred matrix X~ = HX, row-major n x p (do not modify). */
    double[] centred() {
        return centred;
    }

    /** X~^T as a row-major p x n matrix: feature j's values over all inputs are contiguous. */
    double[] featureMajor() {
        if (featureMajor == null) {
            featureMajor = Kernels.transpose(centred, n, p);
        }
        return featureMajor;
    }

    boolean hasGram() {
        return gram != null;
    }

    /** The centred Gram matrix K~ = H X X^T H = X~ X~^T, n x n row-major. */
    double[] gram() {
        if (gram == null) {
            double[] k = new double[n * n];
            Kernels.multiplyTransposed(centred, n, centred, n, p, k);
            gram = k;
        }
        return gram;
    }

    boolean hasSelfNorm() {
        return !Double.isNaN(selfNorm);
    }

    /**
     * ||X~^T X~||_F, equal to ||K~||_F: from the cached Gram if there is one, else by the cheaper of
     * n^2 p (Gram, cached if {@code gramAllowed}) and n p^2 (features, nothing cached but the result).
     */
    double selfNorm(boolean gramAllowed) {
        if (Double.isNaN(selfNorm)) {
            if (gram != null || (gramAllowed && (long) n < p)) {
                selfNorm = Math.sqrt(Kernels.sumOfSquares(gram()));
            } else {
                double[] t = featureMajor();
                selfNorm = Math.sqrt(Kernels.multiplyTransposed(t, p, t, p, n, null));
            }
        }
        return selfNorm;
    }

    /** A value that is NaN or infinite; row and column say where in the n x p input it was. */
    public static final class NonFiniteValueException extends IllegalArgumentException {

        private final int row;
        private final int column;

        NonFiniteValueException(int row, int column, double value) {
            super("non-finite value " + value + " at input " + row + ", feature " + column);
            this.row = row;
            this.column = column;
        }

        public int row() {
            return row;
        }

        public int column() {
            return column;
        }
    }
}
