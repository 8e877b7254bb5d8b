package io.mossa.cka.similarity;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.cka.similarity.kernel.SymmetricPacking;
import io.mossa.cka.similarity.kernel.SymmetricProduct;

/**
 * Every layer of one side as a row of a matrix: the estimator-centred kernel matrix C(K), flattened, with its
 * Frobenius norm alongside. Built once per layer, it serves every pair the layer takes part in: the CKA numerators
 * of all pairs are one GEMM of two stacks, divided by the norms. Rows are {@linkplain SymmetricPacking packed}
 * (half the memory and work) unless statistics need to permute or resample them, in which case they hold the full
 * n x n matrix. A constant layer (all inputs give the same vector) has norm 0, which makes its CKA with anything 0.
 */
final class GramStack implements AutoCloseable {

    final NDArray rows;
    final double[] norms;
    /** Per layer, the full kernel matrix before the estimator's centring; kept only for interval subsampling. */
    final NDArray kernels;
    final List<Integer> constant;
    final int n;

    private GramStack(NDArray rows, double[] norms, NDArray kernels, List<Integer> constant, int n) {
        this.rows = rows;
        this.norms = norms;
        this.kernels = kernels;
        this.constant = constant;
        this.n = n;
    }

    /** Bytes of float64 a stack of {@code layers} full n x n rows takes, times {@code copies}. */
    static long bytes(int layers, int n, int copies) {
        return (long) layers * n * n * Double.BYTES * copies;
    }

    /**
     * @param full        full n x n rows (for the permutation test and bootstrap) instead of packed ones
     * @param keepKernels also keep each layer's uncentred kernel matrix (for the intervals)
     */
    static GramStack build(LayerStack side, Kernel kernel, Estimator estimator, boolean full, boolean keepKernels,
            NDManager manager) {
        int n = side.rows();
        SymmetricPacking packing = full ? null : new SymmetricPacking(n);
        long width = full ? (long) n * n : packing.length();
        NDArray rows = manager.zeros(new Shape(side.layers(), width), DataType.FLOAT64);
        NDArray kernels = keepKernels ? manager.zeros(new Shape(side.layers(), (long) n * n), DataType.FLOAT64) : null;
        double[] norms = new double[side.layers()];
        List<Integer> constant = new ArrayList<>();
        for (int l = 0; l < side.layers(); l++) {
            if (side.isConstant(l)) {
                constant.add(l);
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = side.layer(l, scope);
                double squaredNorm;
                if (packing != null && kernel.isLinear() && estimator == Estimator.BIASED) {
                    // the fast path of the paper's measure: packed centred Gram straight from GEMMs
                    squaredNorm = packing.packGram(Kernel.centreColumnsInPlace(x), rows, l);
                } else {
                    NDArray k = kernelMatrix(side, l, kernel, x);
                    if (kernels != null) {
                        kernels.set(new NDIndex(l), k.reshape((long) n * n));
                    }
                    NDArray c = centre(kernel, estimator, k);
                    if (packing != null) {
                        squaredNorm = packing.pack(c, rows, l);
                    } else {
                        rows.set(new NDIndex(l), c.reshape((long) n * n));
                        squaredNorm = SymmetricProduct.squaredNorm(c);
                    }
                }
                norms[l] = Math.sqrt(squaredNorm);
                if (norms[l] == 0) {
                    constant.add(l);
                }
            }
        }
        return new GramStack(rows, norms, kernels, List.copyOf(constant), n);
    }

    private static NDArray centre(Kernel kernel, Estimator estimator, NDArray k) {
        // the linear kernel's matrix is already HKH, so centring it again would only cost time
        return kernel.isLinear() && estimator == Estimator.BIASED ? k : estimator.centre(k);
    }

    private static NDArray kernelMatrix(LayerStack side, int layer, Kernel kernel, NDArray x) {
        try {
            return kernel.matrix(x);
        } catch (IllegalArgumentException e) {
            throw new SimilarityException(side.name(), side.name() + " layer " + layer + ": " + e.getMessage());
        }
    }

    /**
     * &lt;row_i, other_j&gt; / (norm_i norm_j) for every pair, row-major; 0 where a norm is 0.
     */
    static double[] cosines(NDArray rowsX, double[] normsX, NDArray rowsY, double[] normsY) {
        double[] products;
        try (NDArray yT = rowsY.transpose(); NDArray product = rowsX.matMul(yT)) {
            products = product.toDoubleArray();
        }
        int ly = normsY.length;
        for (int i = 0; i < normsX.length; i++) {
            for (int j = 0; j < ly; j++) {
                double denominator = normsX[i] * normsY[j];
                products[i * ly + j] = denominator == 0 ? 0 : products[i * ly + j] / denominator;
            }
        }
        return products;
    }

    @Override
    public void close() {
        rows.close();
        if (kernels != null) {
            kernels.close();
        }
    }
}
