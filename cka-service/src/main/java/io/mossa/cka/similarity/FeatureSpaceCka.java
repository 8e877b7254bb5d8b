package io.mossa.cka.similarity;

import java.util.ArrayList;
import java.util.List;

import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.cka.similarity.kernel.SymmetricProduct;
import io.mossa.contract.experiment.LayerPairing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Linear CKA with the biased estimator in feature space: ||Y~^T X~||_F^2 / (||X~^T X~||_F ||Y~^T Y~||_F) with
 * centred X~, Y~. No n x n matrix is formed; the cost is O(n p q) per pair plus O(n p^2) per layer for the
 * self terms, which are computed once per layer. It equals the Gram form exactly in exact arithmetic.
 */
final class FeatureSpaceCka {

    /** Values in one block of the cross product X~^T Y~ (16 MiB of float64). */
    private static final long BLOCK_VALUES = 2L << 20;

    private FeatureSpaceCka() {
    }

    static double[] compute(LayerStack x, LayerStack y, LayerPairing pairing, NDManager manager, List<Integer> constantX,
            List<Integer> constantY) {
        List<NDArray> ys = new ArrayList<>(y.layers());
        double[] yNorms = new double[y.layers()];
        for (int j = 0; j < y.layers(); j++) {
            NDArray centred = centredUnlessConstant(y, j, manager);
            yNorms[j] = centred == null ? 0 : Math.sqrt(SymmetricProduct.selfProductSquaredNorm(centred));
            if (yNorms[j] == 0) {
                constantY.add(j);
            }
            ys.add(centred);
        }
        int lx = x.layers();
        double[] values = new double[pairing == LayerPairing.ALL ? lx * y.layers() : lx];
        for (int i = 0; i < lx; i++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray xi = centredUnlessConstant(x, i, scope);
                double xNorm = xi == null ? 0 : Math.sqrt(SymmetricProduct.selfProductSquaredNorm(xi));
                if (xNorm == 0) {
                    constantX.add(i);
                    continue;
                }
                if (pairing == LayerPairing.SAME) {
                    values[i] = ratio(xi, ys.get(i), xNorm, yNorms[i]);
                } else {
                    for (int j = 0; j < y.layers(); j++) {
                        values[i * y.layers() + j] = ratio(xi, ys.get(j), xNorm, yNorms[j]);
                    }
                }
            }
        }
        ys.stream().filter(a -> a != null).forEach(NDArray::close);
        return values;
    }

    private static double ratio(NDArray xc, NDArray yc, double xNorm, double yNorm) {
        if (xNorm == 0 || yNorm == 0 || xc == null || yc == null) {
            return 0;
        }
        double cross = 0;
        long q = yc.getShape().get(1);
        // ||X~^T Y~||_F^2 over column blocks of Y~: each block's product stays small (fresh memory is slow to map)
        long block = Math.max(1, Math.min(q, BLOCK_VALUES / Math.max(1, xc.getShape().get(1))));
        try (NDArray xT = xc.transpose()) {
            for (long c0 = 0; c0 < q; c0 += block) {
                try (NDArray columns = yc.get(new NDIndex(":, {}:{}", c0, Math.min(q, c0 + block)));
                        NDArray product = xT.matMul(columns)) {
                    cross += SymmetricProduct.squaredNorm(product);
                }
            }
        }
        return Math.max(0, Math.min(1, cross / (xNorm * yNorm)));
    }

    /** The centred layer, or null if every input gives the same vector. */
    private static NDArray centredUnlessConstant(LayerStack side, int layer, NDManager manager) {
        return side.isConstant(layer) ? null : Kernel.centreColumnsInPlace(side.layer(layer, manager));
    }
}
