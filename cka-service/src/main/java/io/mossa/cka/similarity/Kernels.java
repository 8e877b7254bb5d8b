package io.mossa.cka.similarity;

/**
 * Dense float64 kernels on row-major arrays. Plain Java, written so that the innermost loops walk
 * contiguous memory; a later issue replaces them with BLAS.
 */
final class Kernels {

    /** Rows of A and B per tile: both tiles together stay within a few hundred KiB for typical lengths. */
    private static final int TILE = 32;

    private Kernels() {
    }

    /**
     * {@code out[i * nb + j] = dot(a_i, b_j)} where {@code a_i = a[i*len, (i+1)*len)} and likewise for b:
     * the product A B^T of an (na x len) and an (nb x len) row-major matrix. Tiled over rows and
     * register-blocked 2 x 2 so each loaded value feeds two multiply-adds.
     * With {@code out == null} nothing is stored and the sum of the squared products, ||A B^T||_F^2, is
     * returned instead (no na x nb buffer); otherwise 0 is returned.
     */
    static double multiplyTransposed(double[] a, int na, double[] b, int nb, int len, double[] out) {
        double squares = 0;
        for (int i0 = 0; i0 < na; i0 += TILE) {
            int i1 = Math.min(na, i0 + TILE);
            for (int j0 = 0; j0 < nb; j0 += TILE) {
                int j1 = Math.min(nb, j0 + TILE);
                int i = i0;
                for (; i + 1 < i1; i += 2) {
                    int ra = i * len;
                    int rb = ra + len;
                    int j = j0;
                    for (; j + 1 < j1; j += 2) {
                        int sa = j * len;
                        int sb = sa + len;
                        double s00 = 0;
                        double s01 = 0;
                        double s10 = 0;
                        double s11 = 0;
                        for (int k = 0; k < len; k++) {
                            double x0 = a[ra + k];
                            double x1 = a[rb + k];
                            double y0 = b[sa + k];
                            double y1 = b[sb + k];
                            s00 += x0 * y0;
                            s01 += x0 * y1;
                            s10 += x1 * y0;
                            s11 += x1 * y1;
                        }
                        if (out == null) {
                            squares += s00 * s00 + s01 * s01 + s10 * s10 + s11 * s11;
                        } else {
                            out[i * nb + j] = s00;
                            out[i * nb + j + 1] = s01;
                            out[(i + 1) * nb + j] = s10;
                            out[(i + 1) * nb + j + 1] = s11;
                        }
                    }
                    for (; j < j1; j++) {
                        squares += store(out, i * nb + j, dot(a, ra, b, j * len, len));
                        squares += store(out, (i + 1) * nb + j, dot(a, rb, b, j * len, len));
                    }
                }
                for (; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        squares += store(out, i * nb + j, dot(a, i * len, b, j * len, len));
                    }
                }
            }
        }
        return squares;
    }

    private static double store(double[] out, int index, double value) {
        if (out == null) {
            return value * value;
        }
        out[index] = value;
        return 0;
    }

    static double dot(double[] a, int offA, double[] b, int offB, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += a[offA + k] * b[offB + k];
        }
        return s;
    }

    static double sumOfSquares(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    /** The Frobenius inner product {@code sum_i a_i b_i}. */
    static double inner(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The transpose of an (rows x cols) row-major matrix, as a (cols x rows) row-major matrix. */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        final int block = 64;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        t[c * rows + r] = m[r * cols + c];
                    }
                }
            }
        }
        return t;
    }
}
