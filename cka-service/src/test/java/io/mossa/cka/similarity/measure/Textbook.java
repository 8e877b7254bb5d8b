package io.mossa.cka.similarity.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The measures as a textbook computes them, written here independently of the engine: explicit covariance matrices,
 * a cyclic Jacobi eigensolver, Gauss-Jordan inversion, explicit loops. Slow and only for small inputs.
 */
public final class Textbook {

    private Textbook() {
    }

    public static double[][] centred(double[][] a) {
        int n = a.length;
        int p = a[0].length;
        double[][] out = new double[n][p];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] row : a) {
                mean += row[j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                out[i][j] = a[i][j] - mean;
            }
        }
        return out;
    }

    /** A^T B. */
    public static double[][] cross(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] out = new double[p][q];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                double sum = 0;
                for (int r = 0; r < a.length; r++) {
                    sum += a[r][i] * b[r][j];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double sum = 0;
                for (int k = 0; k < b.length; k++) {
                    sum += a[i][k] * b[k][j];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    public static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[j][i] = a[i][j];
            }
        }
        return out;
    }

    /** Gauss-Jordan inversion with partial pivoting. */
    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            double d = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }

    /** Eigenvalues (descending) in values, eigenvectors as the columns of vectors, by cyclic Jacobi rotations. */
    record Eigen(double[] values, double[][] vectors) {
    }

    static Eigen jacobi(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int i = 0; i < n; i++) {
                diagonal += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-32 * diagonal) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -a[i][i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int c = 0; c < n; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < n; r++) {
                vectors[r][c] = v[r][order[c]];
            }
        }
        return new Eigen(values, vectors);
    }

    /** S^(-1/2) of a symmetric positive definite matrix. */
    public static double[][] inverseSquareRoot(double[][] s) {
        Eigen e = jacobi(s);
        int n = s.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += e.vectors()[i][k] * e.vectors()[j][k] / Math.sqrt(e.values()[k]);
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    /**
     * Canonical correlation analysis from covariance matrices (full column rank, n &gt; p + q): the eigenproblem of
     * Sxx^-1/2 Sxy Syy^-1 Syx Sxx^-1/2, whose eigenvalues are the squared canonical correlations and whose eigenvectors
     * e_i give the canonical weights w_i = Sxx^-1/2 e_i of X.
     */
    record Canonical(double[] squaredCorrelations, double[][] weightsX) {
    }

    static Canonical canonical(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        double[][] sxxHalf = inverseSquareRoot(cross(xc, xc));
        double[][] syyInverse = inverse(cross(yc, yc));
        double[][] sxy = cross(xc, yc);
        double[][] m = multiply(multiply(multiply(multiply(sxxHalf, sxy), syyInverse), transpose(sxy)), sxxHalf);
        Eigen e = jacobi(m);
        return new Canonical(e.values(), multiply(sxxHalf, e.vectors()));
    }

    public static double cca(double[][] x, double[][] y) {
        int count = Math.min(x[0].length, y[0].length);
        double[] squared = canonical(x, y).squaredCorrelations();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += squared[i];
        }
        return sum / count;
    }

    /** Principal-component scores X~ v_i of the leading directions explaining {@code fraction} of the variance. */
    public static double[][] reduced(double[][] x, double fraction) {
        double[][] xc = centred(x);
        Eigen e = jacobi(cross(xc, xc));
        double total = 0;
        for (double v : e.values()) {
            total += Math.max(0, v);
        }
        int k = 0;
        double sum = 0;
        while (sum < fraction * total * (1 - 1e-12)) {
            sum += e.values()[k++];
        }
        double[][] v = new double[x[0].length][k];
        for (int r = 0; r < v.length; r++) {
            System.arraycopy(e.vectors()[r], 0, v[r], 0, k);
        }
        return multiply(xc, v);
    }

    public static double svcca(double[][] x, double[][] y, double fraction) {
        double[][] rx = reduced(x, fraction);
        double[][] ry = reduced(y, fraction);
        int count = Math.min(rx[0].length, ry[0].length);
        double[] squared = canonical(rx, ry).squaredCorrelations();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.sqrt(Math.max(0, squared[i]));
        }
        return sum / count;
    }

    public static double pwcca(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        Canonical c = canonical(x, y);
        int count = Math.min(x[0].length, y[0].length);
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < count; i++) {
            double[] h = new double[x.length];
            double norm = 0;
            for (int r = 0; r < x.length; r++) {
                for (int j = 0; j < x[0].length; j++) {
                    h[r] += xc[r][j] * c.weightsX()[j][i];
                }
                norm += h[r] * h[r];
            }
            double alpha = 0;
            for (int j = 0; j < x[0].length; j++) {
                double dot = 0;
                for (int r = 0; r < x.length; r++) {
                    dot += h[r] / Math.sqrt(norm) * xc[r][j];
                }
                alpha += Math.abs(dot);
            }
            total += alpha;
            weighted += alpha * Math.sqrt(Math.max(0, c.squaredCorrelations()[i]));
        }
        return weighted / total;
    }

    public static double frobenius(double[][] a) {
        double sum = 0;
        for (double[] row : a) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /** ||X~^T Y~||_* / (||X~||_F ||Y~||_F): the square roots of the eigenvalues of M^T M. */
    public static double normalisedNuclear(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        double[][] m = cross(xc, yc);
        double[] squared = jacobi(cross(m, m)).values();
        double sum = 0;
        for (double v : squared) {
            // eigenvalues that are 0 in exact arithmetic (rank below q) come out as +-1e-16 x the largest
            sum += v > 1e-12 * squared[0] ? Math.sqrt(v) : 0;
        }
        return sum / (frobenius(xc) * frobenius(yc));
    }

    public static double procrustes(double[][] x, double[][] y) {
        return 2 - 2 * normalisedNuclear(x, y);
    }

    public static double angular(double[][] x, double[][] y) {
        return Math.acos(Math.min(1, normalisedNuclear(x, y)));
    }

    /** 1 - RSS / TSS of the least-squares fit Y~ = X~ B, B from the normal equations. */
    public static double linearRegression(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        double[][] beta = multiply(inverse(cross(xc, xc)), cross(xc, yc));
        double[][] fitted = multiply(xc, beta);
        double rss = 0;
        double tss = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                rss += (yc[i][j] - fitted[i][j]) * (yc[i][j] - fitted[i][j]);
                tss += yc[i][j] * yc[i][j];
            }
        }
        return 1 - rss / tss;
    }

    public static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Upper triangle (i &lt; j, row-major) of 1 - Pearson correlation between rows. */
    public static double[] rdm(double[][] x) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                out.add(1 - pearson(x[i], x[j]));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Average ranks by counting: #{smaller} + (#{equal} + 1) / 2. */
    public static double[] ranks(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int smaller = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) {
                    smaller++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            out[i] = smaller + (equal + 1) / 2.0;
        }
        return out;
    }

    public static double rsa(double[][] x, double[][] y) {
        return pearson(ranks(rdm(x)), ranks(rdm(y)));
    }

    /** Each input's k nearest other inputs by cosine similarity, ties to the lower index. */
    static List<List<Integer>> neighbours(double[][] x, int k) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            final int self = i;
            double[] cos = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int c = 0; c < x[0].length; c++) {
                    dot += x[i][c] * x[j][c];
                    ni += x[i][c] * x[i][c];
                    nj += x[j][c] * x[j][c];
                }
                cos[j] = ni == 0 || nj == 0 ? 0 : dot / Math.sqrt(ni * nj);
            }
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < x.length; j++) {
                if (j != self) {
                    others.add(j);
                }
            }
            others.sort(Comparator.comparingDouble((Integer j) -> -cos[j]).thenComparingInt(j -> j));
            out.add(others.subList(0, k));
        }
        return out;
    }

    static int overlap(List<Integer> a, List<Integer> b) {
        int count = 0;
        for (int v : a) {
            if (b.contains(v)) {
                count++;
            }
        }
        return count;
    }

    public static double knnJaccard(double[][] x, double[][] y, int k) {
        List<List<Integer>> nx = neighbours(x, k);
        List<List<Integer>> ny = neighbours(y, k);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            int c = overlap(nx.get(i), ny.get(i));
            sum += (double) c / (2 * k - c);
        }
        return sum / x.length;
    }

    public static double mutualKnn(double[][] x, double[][] y, int k) {
        List<List<Integer>> nx = neighbours(x, k);
        List<List<Integer>> ny = neighbours(y, k);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (double) overlap(nx.get(i), ny.get(i)) / k;
        }
        return sum / x.length;
    }
}
