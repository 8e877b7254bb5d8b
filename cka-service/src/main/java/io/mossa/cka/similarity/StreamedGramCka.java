package io.mossa.cka.similarity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.mossa.cka.similarity.kernel.Kernel;

/**
 * Linear, biased CKA of one pair by the Gram form without any n x n matrix: tr(K~ L~), ||K~||^2 and ||L~||^2
 * are summed over strips of rows of the upper block triangle (each strip's block products with the rows from its
 * own start onwards, the off-diagonal part counted twice). The work is about half of two full Gram products and
 * the memory a few strips, so a single pair at n = 10000 needs tens of megabytes instead of 1.6 GB.
 */
final class StreamedGramCka {

    /** Values in one strip of K (32 MiB of float64): small enough to be reused by the allocator, not remapped. */
    private static final long STRIP_VALUES = 4L << 20;
    private static final int MIN_STRIP_ROWS = 256;

    private StreamedGramCka() {
    }

    /** CKA of layer-th representations of x and y; 0 if either is constant. */
    static double pair(LayerStack x, int layerX, LayerStack y, int layerY, NDManager manager) {
        if (x.isConstant(layerX) || y.isConstant(layerY)) {
            return 0;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray xc = Kernel.centreColumnsInPlace(x.layer(layerX, scope));
            NDArray yc = Kernel.centreColumnsInPlace(y.layer(layerY, scope));
            int n = x.rows();
            int width = (int) Math.min(n, Math.max(MIN_STRIP_ROWS, STRIP_VALUES / n));
            double cross = 0;
            double selfX = 0;
            double selfY = 0;
            for (int r0 = 0; r0 < n; r0 += width) {
                int r1 = Math.min(n, r0 + width);
                try (NDManager strip = scope.newSubManager()) {
                    NDArray k = stripProduct(xc, r0, r1, strip);
                    NDArray l = stripProduct(yc, r0, r1, strip);
                    NDArray kDiagonal = k.get(strip, new NDIndex(":, 0:{}", r1 - r0));
                    NDArray lDiagonal = l.get(strip, new NDIndex(":, 0:{}", r1 - r0));
                    // the strip holds the diagonal block once and the off-diagonal blocks, which stand for two
                    cross += 2 * dot(k, l) - dot(kDiagonal, lDiagonal);
                    selfX += 2 * dot(k, k) - dot(kDiagonal, kDiagonal);
                    selfY += 2 * dot(l, l) - dot(lDiagonal, lDiagonal);
                }
            }
            double denominator = Math.sqrt(selfX * selfY);
            return denominator == 0 ? 0 : Math.max(0, Math.min(1, cross / denominator));
        }
    }

    /** Rows [r0, r1) of the centred Gram matrix, from column r0 on: X~[r0:r1] X~[r0:]^T. */
    private static NDArray stripProduct(NDArray centred, int r0, int r1, NDManager strip) {
        NDArray rows = centred.get(strip, new NDIndex("{}:{}", r0, r1));
        NDArray rest = centred.get(strip, new NDIndex("{}:", r0));
        return rows.matMul(rest.transpose());
    }

    /** The Frobenius inner product, by BLAS dot on flattened views (no elementwise temporary). */
    private static double dot(NDArray a, NDArray b) {
        try (NDArray fa = a.reshape(a.size()); NDArray fb = b.reshape(b.size()); NDArray product = fa.dot(fb)) {
            return product.getDouble();
        }
    }
}
