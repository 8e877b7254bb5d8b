package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * A symmetric n x n matrix stored as its upper block triangle, flattened: for each strip of rows
 * [r0, r1), the diagonal block M[r0:r1, r0:r1] and then sqrt(2) M[r0:r1, r1:n]. The scaling makes the plain dot
 * product of two packed vectors equal the Frobenius inner product &lt;A, B&gt; of the full matrices (every
 * off-diagonal block stands for itself and its transpose), so a stack of packed Gram matrices gives all CKA
 * numerators in one GEMM with about half the memory and work of full matrices.
 */
public final class SymmetricPacking {

    private static final double SQRT2 = Math.sqrt(2);
    /** Narrower strips make GEMMs that no longer run at full speed. */
    private static final int MIN_STRIP = 256;
    private static final int MAX_STRIPS = 8;

    private final int n;
    private final int width;
    private final long length;

    public SymmetricPacking(int n) {
        this(n, Math.max(1, Math.min(MAX_STRIPS, n / MIN_STRIP)));
    }

    /** With {@code strips} strips of rows: more strips skip more of the lower triangle, in smaller GEMMs. */
    private SymmetricPacking(int n, int strips) {
        this.n = n;
        this.width = (n + strips - 1) / strips;
        long total = 0;
        for (int r0 = 0; r0 < n; r0 += width) {
            int r1 = Math.min(n, r0 + width);
            total += (long) (r1 - r0) * (n - r0);
        }
        this.length = total;
    }

    /** Values in one packed matrix. */
    public long length() {
        return length;
    }

    /**
     * Packs the centred linear Gram matrix X~ X~^T of the n x p matrix {@code centred} into row {@code row} of
     * {@code stack} (layers x {@link #length()}) straight from GEMMs on strips of rows, never forming the n x n
     * matrix.
     *
     * @return ||X~ X~^T||_F^2
     */
    public double packGram(NDArray centred, NDArray stack, long row) {
        double squaredNorm = 0;
        long offset = 0;
        for (int r0 = 0; r0 < n; r0 += width) {
            int r1 = Math.min(n, r0 + width);
            try (NDArray rows = centred.get(new NDIndex("{}:{}", r0, r1));
                    NDArray rowsT = rows.transpose();
                    NDArray diagonal = rows.matMul(rowsT)) {
                squaredNorm += SymmetricProduct.squaredNorm(diagonal);
                offset = write(stack, row, offset, diagonal);
                if (r1 < n) {
                    try (NDArray rest = centred.get(new NDIndex("{}:", r1));
                            NDArray restT = rest.transpose();
                            NDArray off = rows.matMul(restT)) {
                        off.muli(SQRT2);
                        squaredNorm += SymmetricProduct.squaredNorm(off);
                        offset = write(stack, row, offset, off);
                    }
                }
            }
        }
        return squaredNorm;
    }

    /**
     * Packs the symmetric n x n matrix {@code full} into row {@code row} of {@code stack}.
     *
     * @return ||full||_F^2
     */
    public double pack(NDArray full, NDArray stack, long row) {
        double squaredNorm = 0;
        long offset = 0;
        for (int r0 = 0; r0 < n; r0 += width) {
            int r1 = Math.min(n, r0 + width);
            try (NDArray diagonal = full.get(new NDIndex("{}:{}, {}:{}", r0, r1, r0, r1))) {
                squaredNorm += SymmetricProduct.squaredNorm(diagonal);
                offset = write(stack, row, offset, diagonal);
            }
            if (r1 < n) {
                try (NDArray view = full.get(new NDIndex("{}:{}, {}:", r0, r1, r1)); NDArray off = view.mul(SQRT2)) {
                    squaredNorm += SymmetricProduct.squaredNorm(off);
                    offset = write(stack, row, offset, off);
                }
            }
        }
        return squaredNorm;
    }

    private static long write(NDArray stack, long row, long offset, NDArray block) {
        long size = block.size();
        try (NDArray flat = block.reshape(size)) {
            stack.set(new NDIndex("{}, {}:{}", row, offset, offset + size), flat);
        }
        return offset + size;
    }
}
