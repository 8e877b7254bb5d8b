package io.mossa.cka.similarity.measure;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrtri;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Decompositions of p x p (or n x n, or rank x rank) matrices with LAPACK, the bridge to and from DJL arrays. DJL
 * 0.36 exposes no SVD, QR or symmetric eigensolver (only inverse), so the O(n p^2) products stay on DJL's BLAS and
 * the decompositions call the LAPACK routines numpy and scipy call (dsyevd, dgesdd, dpotrf, dtrtri), from
 * OpenBLAS through its JavaCPP presets ({@link Lapack} loads it). All float64, matrices row-major.
 */
final class Dense {

    private static final byte NO_VECTORS = 'N';
    private static final byte VECTORS = 'V';
    private static final byte THIN = 'S';
    private static final byte LOWER = 'L';
    private static final byte NOT_UNIT = 'N';

    private Dense() {
    }

    /** A row-major float64 matrix: element (r, c) at {@code data[r * cols + c]}. */
    record Matrix(int rows, int cols, double[] data) {

        Matrix(int rows, int cols) {
            this(rows, cols, new double[rows * cols]);
        }

        /** The first {@code count} columns. */
        Matrix leadingColumns(int count) {
            Matrix out = new Matrix(rows, count);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(data, r * cols, out.data, r * count, count);
            }
            return out;
        }

        NDArray toNd(NDManager manager) {
            return manager.create(data, new Shape(rows, cols));
        }

        static Matrix of(NDArray array) {
            Shape shape = array.getShape();
            return new Matrix((int) shape.get(0), (int) shape.get(1), array.toDoubleArray());
        }
    }

    /** Eigenvalues (descending) and eigenvectors (columns, same order) of a symmetric matrix. */
    record Eigen(double[] values, Matrix vectors) {
    }

    /** The eigen-decomposition of a symmetric matrix (its lower triangle is read; {@code symmetric} is consumed). */
    static Eigen symmetricEigen(Matrix symmetric) {
        Lapack.ready();
        int size = symmetric.rows();
        double[] a = symmetric.data();
        double[] ascending = new double[size];
        check(LAPACKE_dsyevd(LAPACK_ROW_MAJOR, VECTORS, LOWER, size, a, size, ascending),
                "the symmetric eigen-decomposition did not converge");
        // dsyevd orders ascending; the measures read the leading (largest) pairs first
        double[] values = new double[size];
        Matrix vectors = new Matrix(size, size);
        for (int c = 0; c < size; c++) {
            int from = size - 1 - c;
            values[c] = ascending[from];
            for (int r = 0; r < size; r++) {
                vectors.data()[r * size + c] = a[r * size + from];
            }
        }
        return new Eigen(values, vectors);
    }

    /** The singular values of {@code matrix} (consumed), descending. */
    static double[] singularValues(Matrix matrix) {
        Lapack.ready();
        int m = matrix.rows();
        int n = matrix.cols();
        double[] values = new double[Math.min(m, n)];
        // jobz = 'N' references neither U nor V^T: one-element placeholders
        check(LAPACKE_dgesdd(LAPACK_ROW_MAJOR, NO_VECTORS, m, n, matrix.data(), n, values, new double[1], 1,
                new double[1], 1), "the singular value decomposition did not converge");
        return values;
    }

    /** Singular values (descending) and the matching left singular vectors (columns). */
    record LeftSvd(double[] values, Matrix left) {
    }

    /** The thin SVD's singular values and U (m x min(m, n)) of {@code matrix} (consumed). */
    static LeftSvd leftSvd(Matrix matrix) {
        Lapack.ready();
        int m = matrix.rows();
        int n = matrix.cols();
        int count = Math.min(m, n);
        double[] values = new double[count];
        Matrix left = new Matrix(m, count);
        double[] rightT = new double[count * n];
        check(LAPACKE_dgesdd(LAPACK_ROW_MAJOR, THIN, m, n, matrix.data(), n, values, left.data(), count, rightT, n),
                "the singular value decomposition did not converge");
        return new LeftSvd(values, left);
    }

    /**
     * L^-T for the Cholesky factor L of a symmetric positive definite matrix (G = L L^T; {@code g} is consumed), or
     * null when G is not numerically positive definite.
     */
    static Matrix inverseCholeskyTranspose(Matrix g) {
        Lapack.ready();
        int size = g.rows();
        double[] l = g.data();
        int factored = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, LOWER, size, l, size);
        if (factored > 0) {
            return null;
        }
        check(factored, "the Cholesky factorisation did not complete");
        if (LAPACKE_dtrtri(LAPACK_ROW_MAJOR, LOWER, NOT_UNIT, size, l, size) > 0) {
            return null;
        }
        // only the lower triangle holds L^-1 (dpotrf and dtrtri leave the upper one as it was)
        Matrix inverseTranspose = new Matrix(size, size);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c <= r; c++) {
                inverseTranspose.data()[c * size + r] = l[r * size + c];
            }
        }
        return inverseTranspose;
    }

    /**
     * LAPACK's info: 0 on success, &gt; 0 when the algorithm did not converge (or the matrix is singular), &lt; 0 for
     * a rejected argument: the dimensions come from the matrix itself, so that is LAPACKE's check finding a NaN in
     * it (infinities pass that check).
     */
    private static void check(int info, String failure) {
        if (info > 0) {
            throw new ArithmeticException(failure + " (LAPACK info " + info + ")");
        }
        if (info < 0) {
            throw new ArithmeticException(failure + ": the matrix has a NaN entry (LAPACK info " + info
                    + ")");
        }
    }
}
