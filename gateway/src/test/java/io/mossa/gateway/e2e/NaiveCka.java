package io.mossa.gateway.e2e;

/**
 * Linear CKA written straight from the definition, independent of cka-service's code:
 * K = X X^T, L = Y Y^T, HSIC = tr(K H L H) with H = I - 11^T/n formed explicitly.
 */
final class NaiveCka {

    private NaiveCka() {
    }

    static double cka(double[][] x, double[][] y) {
        double[][] k = centre(gram(x));
        double[][] l = centre(gram(y));
        return trace(k, l) / Math.sqrt(trace(k, k) * trace(l, l));
    }

    private static double[][] gram(double[][] x) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int d = 0; d < x[i].length; d++) {
                    sum += x[i][d] * x[j][d];
                }
                k[i][j] = sum;
            }
        }
        return k;
    }

    /** H K H with H built as a matrix, the slow and obvious way. */
    private static double[][] centre(double[][] k) {
        int n = k.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1.0 : 0.0) - 1.0 / n;
            }
        }
        return multiply(multiply(h, k), h);
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int m = 0; m < n; m++) {
                    sum += a[i][m] * b[m][j];
                }
                c[i][j] = sum;
            }
        }
        return c;
    }

    /** tr(A B) for symmetric A and B. */
    private static double trace(double[][] a, double[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                sum += a[i][j] * b[j][i];
            }
        }
        return sum;
    }
}
