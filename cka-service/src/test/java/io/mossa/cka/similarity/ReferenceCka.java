package io.mossa.cka.similarity;

import java.util.Arrays;

/**
 * Textbook CKA in plain double loops, written from the formulas (CKA-NOTES) and sharing no code with the engine:
 * explicit kernel matrices, explicit H = I - 11^T/n products for the biased HSIC, Song et al.'s formula term by
 * term for the unbiased one. Cubic cost: for small n only.
 */
final class ReferenceCka {

    private ReferenceCka() {
    }

    static double[][] linear(double[][] x) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] = dot(x[i], x[j]);
            }
        }
        return k;
    }

    /** Kornblith et al.'s rbf(x, threshold): exp(-d^2 / (2 t^2 median(d^2))), numpy's median over all n^2 entries. */
    static double[][] rbf(double[][] x, double threshold) {
        int n = x.length;
        double[][] d = new double[n][n];
        double[] all = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double diff = x[i][c] - x[j][c];
                    s += diff * diff;
                }
                d[i][j] = s;
                all[i * n + j] = s;
            }
        }
        Arrays.sort(all);
        double median = (all[n * n / 2 - 1] + all[n * n / 2]) / 2; // n^2 even in every test that uses this
        return rbf(d, threshold, median);
    }

    static double[][] rbf(double[][] squaredDistances, double threshold, double median) {
        int n = squaredDistances.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] = Math.exp(-squaredDistances[i][j] / (2 * threshold * threshold * median));
            }
        }
        return k;
    }

    static double[][] polynomial(double[][] x, int degree, double coef0) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] = Math.pow(dot(x[i], x[j]) / x[i].length + coef0, degree);
            }
        }
        return k;
    }

    /** tr(K H L H) / (n-1)^2. */
    static double hsicBiased(double[][] k, double[][] l) {
        int n = k.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 1.0 / n;
            }
        }
        double[][] m = multiply(multiply(multiply(k, h), l), h);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += m[i][i];
        }
        return trace / ((n - 1.0) * (n - 1.0));
    }

    /** Song et al. (2012): [tr(K~L~) + 1'K~1 1'L~1 / ((n-1)(n-2)) - 2/(n-2) 1'K~L~1] / (n(n-3)). */
    static double hsicUnbiased(double[][] k, double[][] l) {
        int n = k.length;
        double[][] kt = zeroDiagonal(k);
        double[][] lt = zeroDiagonal(l);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                trace += kt[i][j] * lt[j][i];
            }
        }
        double sumK = 0;
        double sumL = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sumK += kt[i][j];
                sumL += lt[i][j];
            }
        }
        double[][] kl = multiply(kt, lt);
        double oneKLone = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                oneKLone += kl[i][j];
            }
        }
        return (trace + sumK * sumL / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * oneKLone) / (n * (n - 3.0));
    }

    static double cka(double[][] k, double[][] l, boolean debiased) {
        if (debiased) {
            return hsicUnbiased(k, l) / Math.sqrt(hsicUnbiased(k, k) * hsicUnbiased(l, l));
        }
        return hsicBiased(k, l) / Math.sqrt(hsicBiased(k, k) * hsicBiased(l, l));
    }

    /** Nguyen et al.: sum_b HSIC1(K_b, L_b) / sqrt(sum_b HSIC1(K_b, K_b) sum_b HSIC1(L_b, L_b)), batches in order. */
    static double minibatchLinear(double[][] x, double[][] y, int[] batchSizes) {
        double cross = 0;
        double selfX = 0;
        double selfY = 0;
        int start = 0;
        for (int size : batchSizes) {
            double[][] k = linear(Arrays.copyOfRange(x, start, start + size));
            double[][] l = linear(Arrays.copyOfRange(y, start, start + size));
            cross += hsicUnbiased(k, l);
            selfX += hsicUnbiased(k, k);
            selfY += hsicUnbiased(l, l);
            start += size;
        }
        return cross / Math.sqrt(selfX * selfY);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < m; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] zeroDiagonal(double[][] k) {
        double[][] t = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            t[i] = k[i].clone();
            t[i][i] = 0;
        }
        return t;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
