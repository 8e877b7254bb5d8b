package io.mossa.cka.similarity;

import java.util.Random;

/** Test data: seeded Gaussian matrices, orthogonal matrices, and conversions to the engine's input. */
public final class Matrices {

    private Matrices() {
    }

    public static double[][] gaussian(Random random, int n, int p) {
        double[][] m = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                m[i][j] = random.nextGaussian();
            }
        }
        return m;
    }

    /** A random p x p orthogonal matrix: Gram-Schmidt (twice, for accuracy) on the columns of a Gaussian matrix. */
    public static double[][] orthogonal(Random random, int p) {
        double[][] q = gaussian(random, p, p);
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < p; c++) {
                for (int prev = 0; prev < c; prev++) {
                    double d = 0;
                    for (int r = 0; r < p; r++) {
                        d += q[r][c] * q[r][prev];
                    }
                    for (int r = 0; r < p; r++) {
                        q[r][c] -= d * q[r][prev];
                    }
                }
                double norm = 0;
                for (int r = 0; r < p; r++) {
                    norm += q[r][c] * q[r][c];
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < p; r++) {
                    q[r][c] /= norm;
                }
            }
        }
        return q;
    }

    public static double[][] scale(double[][] a, double factor) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] * factor;
            }
        }
        return out;
    }

    public static double[] flatten(double[][]... layers) {
        int n = layers[0].length;
        int p = layers[0][0].length;
        double[] flat = new double[layers.length * n * p];
        int k = 0;
        for (double[][] layer : layers) {
            for (double[] row : layer) {
                System.arraycopy(row, 0, flat, k, p);
                k += p;
            }
        }
        return flat;
    }

    public static LayerStack stack(String name, double[][]... layers) {
        return LayerStack.of(name, flatten(layers), layers.length, layers[0].length, layers[0][0].length);
    }

    public static double[][] rows(double[][] a, long[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = a[(int) indices[i]].clone();
        }
        return out;
    }
}
