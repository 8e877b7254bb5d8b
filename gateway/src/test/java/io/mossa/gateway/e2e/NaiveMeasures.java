package io.mossa.gateway.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Procrustes distance and k-NN Jaccard written straight from their definitions (issue 16), independent of
 * cka-service's code: explicit centring, Gram matrices, a Jacobi eigenvalue sweep, sorted neighbour lists.
 */
final class NaiveMeasures {

    private NaiveMeasures() {
    }

    /**
     * 2 - 2 ||X~^T Y~||_* with ||X~||_F = ||Y~||_F = 1. The singular values of X~^T Y~ are the square roots of the
     * eigenvalues of Kx^(1/2) Ky Kx^(1/2) (Kx = X~ X~^T, Ky = Y~ Y~^T, both n x n), which is small for few inputs.
     */
    static double procrustes(double[][] x, double[][] y) {
        double[][] kx = gram(centred(x));
        double[][] ky = gram(centred(y));
        double[][] root = squareRoot(kx);
        double[] squared = eigenvalues(multiply(multiply(root, ky), root));
        double largest = 0;
        for (double v : squared) {
            largest = Math.max(largest, v);
        }
        double nuclear = 0;
        for (double v : squared) {
            // eigenvalues that are 0 in exact arithmetic (rank n - 1 at most after centring) come out as +-1e-16
            nuclear += v > 1e-12 * largest ? Math.sqrt(v) : 0;
        }
        return 2 - 2 * nuclear / Math.sqrt(trace(kx) * trace(ky));
    }

    /** Mean over inputs of |N_X(i) & N_Y(i)| / |N_X(i) | N_Y(i)|, N the k nearest others by cosine, ties to the lower index. */
    static double knnJaccard(double[][] x, double[][] y, int k) {
        List<List<Integer>> nx = neighbours(x, k);
        List<List<Integer>> ny = neighbours(y, k);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            List<Integer> both = new ArrayList<>(nx.get(i));
            both.retainAll(ny.get(i));
            sum += (double) both.size() / (2 * k - both.size());
        }
        return sum / x.length;
    }

    private static List<List<Integer>> neighbours(double[][] x, int k) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double[] cosine = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                cosine[j] = dot(x[i], x[j]) / Math.sqrt(dot(x[i], x[i]) * dot(x[j], x[j]));
            }
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    others.add(j);
                }
            }
            others.sort(Comparator.comparingDouble((Integer j) -> -cosine[j]).thenComparingInt(j -> j));
            out.add(others.subList(0, k));
        }
        return out;
    }

    private static double[][] centred(double[][] x) {
        int n = x.length;
        double[][] out = new double[n][x[0].length];
        for (int c = 0; c < x[0].length; c++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[c] / n;
            }
            for (int i = 0; i < n; i++) {
                out[i][c] = x[i][c] - mean;
            }
        }
        return out;
    }

    private static double[][] gram(double[][] x) {
        double[][] k = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                k[i][j] = dot(x[i], x[j]);
            }
        }
        return k;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int c = 0; c < a.length; c++) {
            sum += a[c] * b[c];
        }
        return sum;
    }

    private static double trace(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i][i];
        }
        return sum;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int m = 0; m < n; m++) {
                    c[i][j] += a[i][m] * b[m][j];
                }
            }
        }
        return c;
    }

    /** V diag(sqrt(max(lambda, 0))) V^T of a symmetric positive semi-definite matrix. */
    private static double[][] squareRoot(double[][] symmetric) {
        int n = symmetric.length;
        double[][] vectors = new double[n][n];
        double[] values = jacobi(symmetric, vectors);
        double[][] root = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int m = 0; m < n; m++) {
                    root[i][j] += vectors[i][m] * Math.sqrt(Math.max(values[m], 0)) * vectors[j][m];
                }
            }
        }
        return root;
    }

    private static double[] eigenvalues(double[][] symmetric) {
        return jacobi(symmetric, new double[symmetric.length][symmetric.length]);
    }

    /** Cyclic Jacobi rotations until the off-diagonal is negligible; eigenvectors into the columns of vectors. */
    private static double[] jacobi(double[][] symmetric, double[][] vectors) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double all = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    all += a[i][j] * a[i][j];
                    off += i == j ? 0 : a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * all) {
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
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }
}
