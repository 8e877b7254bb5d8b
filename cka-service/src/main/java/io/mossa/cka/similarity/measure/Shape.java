package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One layer as the shape distances need it: an n x r matrix A with X~ = A W^T for some W with orthonormal columns,
 * so that ||X~^T Y~||_* = ||A_X^T A_Y||_* and ||X~||_F = ||A||_F. When p &lt;= n, A is X~ itself (no decomposition:
 * the pair's singular values are the only one); when p &gt; n, A = U S from the n x n Gram matrix ({@link Basis}),
 * which shrinks every pair's product to at most n x n.
 */
final class Shape implements LayerState<Shape> {

    /** n x r, or null for a constant layer. */
    final NDArray a;
    final double squaredNorm;

    private Shape(NDArray a, double squaredNorm) {
        this.a = a;
        this.squaredNorm = squaredNorm;
    }

    static Shape of(NDArray centred, boolean constant, NDManager manager) {
        if (constant) {
            return new Shape(null, 0);
        }
        if (centred.getShape().get(1) <= centred.getShape().get(0)) {
            double squared;
            try (NDArray square = centred.square(); NDArray sum = square.sum()) {
                squared = sum.getDouble();
            }
            centred.attach(manager);
            return squared == 0 ? new Shape(null, 0) : new Shape(centred, squared);
        }
        Basis basis = Basis.of(centred, false, manager);
        if (basis.constant()) {
            return new Shape(null, 0);
        }
        basis.q.close();
        return new Shape(basis.scores, basis.squaredNorm());
    }

    @Override
    public boolean constant() {
        return a == null;
    }

    @Override
    public Shape permuted(int[] order, NDManager manager) {
        if (a == null) {
            return this;
        }
        long[] rows = new long[order.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order[i];
        }
        try (NDArray index = manager.create(rows)) {
            NDArray permuted = a.get(index);
            permuted.attach(manager);
            return new Shape(permuted, squaredNorm);
        }
    }

    @Override
    public void close() {
        if (a != null) {
            a.close();
        }
    }
}
