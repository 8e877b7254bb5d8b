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
 * self terms. It equals the Gram form exactly in exact arithmetic.
 *
 * <p>Memory: each centred layer is n x p float64 (328 MB at n = 10,000, p = 4,096). Same-index pairs hold one layer
 * of each side at a time; all pairs hold as many of Y's layers as {@code maxHeldBytes} admits and run X's layers
 * against each such group, so that 33 layers of a 7B model (10.8 GB per side) never need to be held together.
 */
final class FeatureSpaceCka {

    /** Values in one block of the cross product X~^T Y~ (16 MiB of float64). */
    private static final long BLOCK_VALUES = 2L << 20;

    private FeatureSpaceCka() {
    }

    /** A centred layer and its self-term ||X~^T X~||_F; null array and norm 0 when the layer is constant. */
    private record Centred(NDArray values, double norm) {

        static Centred of(LayerStack side, int layer, NDManager manager) {
            if (side.isConstant(layer)) {
                return new Centred(null, 0);
            }
            NDArray centred = Kernel.centreColumnsInPlace(side.layer(layer, manager));
            return new Centred(centred, Math.sqrt(SymmetricProduct.selfProductSquaredNorm(centred)));
        }

        boolean constant() {
            return norm == 0;
        }
    }

    /**
     * @param maxHeldBytes how many bytes of Y's centred layers all-pairs comparisons may hold at once (at least one
     *                     layer is always held)
     */
    static double[] compute(LayerStack x, LayerStack y, LayerPairing pairing, long maxHeldBytes, NDManager manager,
            List<Integer> constantX, List<Integer> constantY) {
        return pairing == LayerPairing.SAME ? sameIndex(x, y, manager, constantX, constantY)
                : allPairs(x, y, maxHeldBytes, manager, constantX, constantY);
    }

    private static double[] sameIndex(LayerStack x, LayerStack y, NDManager manager, List<Integer> constantX,
            List<Integer> constantY) {
        double[] values = new double[x.layers()];
        for (int i = 0; i < x.layers(); i++) {
            try (NDManager scope = manager.newSubManager()) {
                Centred yi = Centred.of(y, i, scope);
                if (yi.constant()) {
                    constantY.add(i);
                }
                Centred xi = Centred.of(x, i, scope);
                if (xi.constant()) {
                    constantX.add(i);
                }
                values[i] = ratio(xi, yi);
            }
        }
        return values;
    }

    private static double[] allPairs(LayerStack x, LayerStack y, long maxHeldBytes, NDManager manager,
            List<Integer> constantX, List<Integer> constantY) {
        int lx = x.layers();
        int ly = y.layers();
        double[] values = new double[lx * ly];
        long layerBytes = (long) y.rows() * y.features() * Double.BYTES;
        int group = (int) Math.max(1, Math.min(ly, maxHeldBytes / Math.max(1, layerBytes)));
        for (int first = 0; first < ly; first += group) {
            try (NDManager groupScope = manager.newSubManager()) {
                List<Centred> ys = new ArrayList<>(group);
                for (int j = first; j < Math.min(ly, first + group); j++) {
                    Centred yj = Centred.of(y, j, groupScope);
                    if (yj.constant()) {
                        constantY.add(j);
                    }
                    ys.add(yj);
                }
                for (int i = 0; i < lx; i++) {
                    try (NDManager scope = groupScope.newSubManager()) {
                        Centred xi = Centred.of(x, i, scope);
                        if (xi.constant() && first == 0) {
                            constantX.add(i);
                        }
                        for (int k = 0; k < ys.size(); k++) {
                            values[i * ly + first + k] = ratio(xi, ys.get(k));
                        }
                    }
                }
            }
        }
        return values;
    }

    private static double ratio(Centred x, Centred y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        NDArray xc = x.values();
        NDArray yc = y.values();
        double xNorm = x.norm();
        double yNorm = y.norm();
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
}
