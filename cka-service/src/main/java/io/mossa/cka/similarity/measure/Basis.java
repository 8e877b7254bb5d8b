package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One layer's thin SVD, X~ = U S V^T restricted to its numerical rank, built once and reused by every pair the layer
 * takes part in (the CCA family, Procrustes, angular shape and linear regression).
 *
 * <p>Computed from the Gram matrix of the smaller side: X~^T X~ (p x p) when p &lt;= n, X~ X~^T (n x n) otherwise,
 * whose eigen-decomposition gives V (or U) and S^2. The rank is the number of singular values above
 * {@link #RANK_TOLERANCE} x the largest: the Gram matrix resolves eigenvalues only to about size x eps x lambda_max
 * (1e-12 lambda_max at p = 4096), so singular values below about 1e-6 sigma_max cannot be told from rounding, and
 * float32 activations carry 7 digits anyway. Directions below the tolerance are dropped, which is how
 * rank-deficient inputs (p &gt; n - 1, collinear features, repeated inputs) are handled: every measure sees the
 * numerical column space. When p &lt;= n, U = X~ V S^-1 loses orthogonality as (sigma_max / sigma_i)^2 eps, so its
 * columns are orthonormalised once more by Cholesky QR (G = U^T U = L L^T, U L^-T), which keeps the span of every
 * leading set of columns (SVCCA truncates to them).
 */
final class Basis implements LayerState<Basis> {

    /** Singular values at or below this fraction of the largest count as zero. */
    static final double RANK_TOLERANCE = 1e-5;

    /** n x rank orthonormal basis of the column space of X~, columns in order of decreasing singular value. */
    final NDArray q;
    /** n x rank: X~ V = U S, the inputs' coordinates on the principal directions. */
    final NDArray scores;
    /** rank x p: Q^T X~, only for PWCCA (whose weights read the original features); otherwise null. */
    final NDArray coordinates;
    /** Singular values, descending. */
    final double[] singular;
    final int rank;

    private Basis(NDArray q, NDArray scores, NDArray coordinates, double[] singular) {
        this.q = q;
        this.scores = scores;
        this.coordinates = coordinates;
        this.singular = singular;
        this.rank = singular.length;
    }

    /** The basis of an all-constant layer: rank 0. */
    static Basis empty() {
        return new Basis(null, null, null, new double[0]);
    }

    /**
     * @param centred         n x p with centred columns; not modified, not closed
     * @param withCoordinates also keep Q^T X~
     */
    static Basis of(NDArray centred, boolean withCoordinates, NDManager manager) {
        long n = centred.getShape().get(0);
        long p = centred.getShape().get(1);
        boolean featureGram = p <= n;
        Dense.Eigen eigen;
        try (NDArray xT = centred.transpose();
                NDArray gram = featureGram ? xT.matMul(centred) : centred.matMul(xT)) {
            eigen = Dense.symmetricEigen(Dense.Matrix.of(gram));
        }
        double largest = eigen.values()[0];
        int rank = 0;
        double threshold = RANK_TOLERANCE * RANK_TOLERANCE * largest;
        while (largest > 0 && rank < eigen.values().length && eigen.values()[rank] > threshold) {
            rank++;
        }
        if (rank == 0) {
            return empty();
        }
        double[] singular = new double[rank];
        for (int i = 0; i < rank; i++) {
            singular[i] = Math.sqrt(eigen.values()[i]);
        }
        Dense.Matrix vectors = eigen.vectors().leadingColumns(rank);
        NDArray q;
        NDArray scores;
        try (NDArray sigma = manager.create(singular, new Shape(1, rank));
                NDArray v = vectors.toNd(manager)) {
            if (featureGram) {
                scores = centred.matMul(v);
                q = orthonormalised(scores.div(sigma), manager);
            } else {
                q = v.duplicate();
                scores = v.mul(sigma);
            }
        }
        NDArray coordinates = null;
        if (withCoordinates) {
            try (NDArray qT = q.transpose()) {
                coordinates = qT.matMul(centred);
            }
        }
        // results of DJL operations belong to their operand's manager (the caller's per-layer scope): keep them
        q.attach(manager);
        scores.attach(manager);
        if (coordinates != null) {
            coordinates.attach(manager);
        }
        return new Basis(q, scores, coordinates, singular);
    }

    /** Cholesky QR of a nearly orthonormal matrix (one pass makes it orthonormal to rounding). */
    private static NDArray orthonormalised(NDArray nearly, NDManager manager) {
        Dense.Matrix inverse;
        try (NDArray t = nearly.transpose(); NDArray g = t.matMul(nearly)) {
            inverse = Dense.inverseCholeskyTranspose(Dense.Matrix.of(g));
        }
        if (inverse == null) {
            // cannot happen above the rank tolerance (G = I + O(1e-6)); keep the unrefined basis rather than fail
            return nearly;
        }
        try (NDArray l = inverse.toNd(manager)) {
            NDArray q = nearly.matMul(l);
            nearly.close();
            return q;
        }
    }

    /** Sum of the squared singular values: ||X~||_F^2 over the numerical column space. */
    double squaredNorm() {
        double sum = 0;
        for (double s : singular) {
            sum += s * s;
        }
        return sum;
    }

    /** The smallest k whose leading singular values explain at least {@code fraction} of the variance. */
    int explaining(double fraction) {
        double total = squaredNorm();
        double sum = 0;
        for (int k = 0; k < rank; k++) {
            sum += singular[k] * singular[k];
            if (sum >= fraction * total * (1 - 1e-12)) {
                return k + 1;
            }
        }
        return rank;
    }

    @Override
    public boolean constant() {
        return rank == 0;
    }

    @Override
    public Basis permuted(int[] order, NDManager manager) {
        if (rank == 0) {
            return this;
        }
        long[] rows = new long[order.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order[i];
        }
        try (NDArray index = manager.create(rows)) {
            // the coordinates (Q^T X~) do not depend on the order of the inputs
            NDArray permutedQ = q.get(index);
            NDArray permutedScores = scores.get(index);
            permutedQ.attach(manager);
            permutedScores.attach(manager);
            return new Basis(permutedQ, permutedScores, null, singular);
        }
    }

    @Override
    public void close() {
        if (q != null) {
            q.close();
            scores.close();
        }
        if (coordinates != null) {
            coordinates.close();
        }
    }
}
