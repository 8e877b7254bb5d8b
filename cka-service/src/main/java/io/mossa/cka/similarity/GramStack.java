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
import io.mossa.cka.similarity.kernel.SymmetricProduct;

/**
 * Every layer of one side as a row of a (layers x n^2) matrix: the estimator-centred kernel matrix C(K),
 * flattened and scaled to unit norm. Built once per layer, it serves every pair the layer takes part in: the
 * CKA of all pairs is one GEMM of two such stacks. A constant layer (all inputs give the same vector) gets a
 * zero row, which makes its CKA with anything 0.
 */
final class GramStack implements AutoCloseable {

    final NDArray normalised;
    /** Per layer, the kernel matrix before the estimator's centring; kept only for bootstrap resampling. */
    final NDArray kernels;
    final List<Integer> constant;
    final int n;

    private GramStack(NDArray normalised, NDArray kernels, List<Integer> constant, int n) {
        this.normalised = normalised;
        this.kernels = kernels;
        this.constant = constant;
        this.n = n;
    }

    /** Bytes of float64 a stack of {@code layers} takes, times {@code copies}. */
    static long bytes(int layers, int n, int copies) {
        return (long) layers * n * n * Double.BYTES * copies;
    }

    static GramStack build(LayerStack side, Kernel kernel, Estimator estimator, boolean keepKernels,
            NDManager manager) {
        int n = side.rows();
        long n2 = (long) n * n;
        NDArray normalised = manager.zeros(new Shape(side.layers(), n2), DataType.FLOAT64);
        NDArray kernels = keepKernels ? manager.zeros(new Shape(side.layers(), n2), DataType.FLOAT64) : null;
        List<Integer> constant = new ArrayList<>();
        for (int l = 0; l < side.layers(); l++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = side.layer(l, scope);
                if (isConstant(x)) {
                    constant.add(l);
                    continue;
                }
                NDArray k = kernelMatrix(side, l, kernel, x);
                if (kernels != null) {
                    kernels.set(new NDIndex(l), k.flatten());
                }
                NDArray c = centre(kernel, estimator, k);
                double norm = Math.sqrt(SymmetricProduct.squaredNorm(c));
                if (norm == 0) {
                    constant.add(l);
                    continue;
                }
                c.divi(norm);
                normalised.set(new NDIndex(l), c.flatten());
            }
        }
        return new GramStack(normalised, kernels, List.copyOf(constant), n);
    }

    /**
     * C(K) for one bootstrap resample of a layer's kernel matrix, scaled to unit norm (zero if it vanishes).
     * Always centred: resampling rows un-centres even the linear kernel's matrix.
     */
    static NDArray normalisedCentred(Estimator estimator, NDArray k) {
        NDArray c = estimator.centre(k);
        double norm = Math.sqrt(SymmetricProduct.squaredNorm(c));
        if (norm > 0) {
            c.divi(norm);
        }
        return c;
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

    /** Whether every row equals the first one exactly. */
    static boolean isConstant(NDArray x) {
        try (NDArray first = x.get(new NDIndex("0:1"));
                NDArray difference = x.sub(first);
                NDArray absolute = difference.abs();
                NDArray max = absolute.max()) {
            return max.getDouble() == 0;
        }
    }

    @Override
    public void close() {
        normalised.close();
        if (kernels != null) {
            kernels.close();
        }
    }
}
