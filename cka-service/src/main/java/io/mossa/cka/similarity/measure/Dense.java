package io.mossa.cka.similarity.measure;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Decompositions of small (at most rank x rank) matrices with EJML, the bridge to and from DJL arrays. DJL 0.36
 * exposes no SVD, QR or symmetric eigensolver (only inverse), so the O(n p^2) products stay on DJL's BLAS and only
 * the p x p (or n x n, or rank x rank) decompositions run here, in pure Java.
 */
final class Dense {

    private Dense() {
    }

    static DMatrixRMaj toEjml(NDArray array) {
        Shape shape = array.getShape();
        return DMatrixRMaj.wrap((int) shape.get(0), (int) shape.get(1), array.toDoubleArray());
    }

    static NDArray toNd(DMatrixRMaj matrix, NDManager manager) {
        return manager.create(matrix.data, new Shape(matrix.numRows, matrix.numCols));
    }

    /** Eigenvalues (descending) and eigenvectors (columns, same order) of a symmetric matrix. */
    record Eigen(double[] values, DMatrixRMaj vectors) {
    }

    /** Keeps only the first {@code keep} eigenpairs (eigenvectors as columns of a size x keep matrix). */
    static Eigen symmetricEigen(DMatrixRMaj symmetric, int keepAtMost) {
        int size = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
        if (!eig.decompose(symmetric)) {
            throw new ArithmeticException("the symmetric eigen-decomposition did not converge");
        }
        Integer[] order = IntStream.range(0, size).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).real));
        int keep = Math.min(keepAtMost, size);
        double[] values = new double[size];
        DMatrixRMaj vectors = new DMatrixRMaj(size, keep);
        for (int c = 0; c < size; c++) {
            values[c] = eig.getEigenvalue(order[c]).real;
            if (c < keep) {
                DMatrixRMaj v = eig.getEigenVector(order[c]);
                for (int r = 0; r < size; r++) {
                    vectors.data[r * keep + c] = v.data[r];
                }
            }
        }
        return new Eigen(values, vectors);
    }

    /** The singular values of {@code matrix}, descending. */
    static double[] singularValues(DMatrixRMaj matrix) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(matrix.numRows,
                matrix.numCols, false, false, true);
        if (!svd.decompose(matrix)) {
            throw new ArithmeticException("the singular value decomposition did not converge");
        }
        double[] values = svd.getSingularValues().clone();
        int count = Math.min(matrix.numRows, matrix.numCols);
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        for (int i = 0; i < count / 2; i++) {
            double t = sorted[i];
            sorted[i] = sorted[count - 1 - i];
            sorted[count - 1 - i] = t;
        }
        return sorted;
    }

    /** Singular values (descending) and the matching left singular vectors (columns). */
    record LeftSvd(double[] values, DMatrixRMaj left) {
    }

    static LeftSvd leftSvd(DMatrixRMaj matrix) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(matrix.numRows,
                matrix.numCols, true, false, true);
        if (!svd.decompose(matrix)) {
            throw new ArithmeticException("the singular value decomposition did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        double[] values = svd.getSingularValues().clone();
        int count = svd.numberOfSingularValues();
        SingularOps_DDRM.descendingOrder(u, false, values, count, null, false);
        return new LeftSvd(Arrays.copyOf(values, count), u);
    }

    /**
     * L^-T for the Cholesky factor L of a symmetric positive definite matrix (G = L L^T), or null when G is not
     * numerically positive definite.
     */
    static DMatrixRMaj inverseCholeskyTranspose(DMatrixRMaj g) {
        int size = g.numRows;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(size, true);
        if (!chol.decompose(g)) {
            return null;
        }
        DMatrixRMaj l = chol.getT(null);
        TriangularSolver_DDRM.invertLower(l.data, size);
        DMatrixRMaj inverseTranspose = new DMatrixRMaj(size, size);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c <= r; c++) {
                inverseTranspose.data[c * size + r] = l.data[r * size + c];
            }
        }
        return inverseTranspose;
    }
}
