package io.mossa.cka.similarity.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * One layer's k nearest neighbours: for each input, the k other inputs whose rows have the largest cosine similarity
 * with its row (rows as given, not centred), ties (exactly equal float64 similarities) broken by the lower index.
 * A zero row has cosine similarity 0 with every input.
 */
final class Neighbours implements LayerState<Neighbours> {

    /** Values of one strip of the n x n similarity matrix (32 MiB of float64). */
    private static final long STRIP_VALUES = 1L << 22;

    final int n;
    final int k;
    /** n x k, row-major: the neighbours of input i are lists[i * k .. i * k + k). */
    final int[] lists;
    private final boolean constant;

    private Neighbours(int n, int k, int[] lists, boolean constant) {
        this.n = n;
        this.k = k;
        this.lists = lists;
        this.constant = constant;
    }

    /**
     * @param constant whether every input has the same vector: reported as such, its neighbours are all ties (the
     *                 lowest indices)
     */
    static Neighbours of(NDArray layer, int k, boolean constant, NDManager manager) {
        int n = (int) layer.getShape().get(0);
        int[] lists = new int[n * k];
        try (NDManager scope = manager.newSubManager()) {
            double[] norms = layer.square().sum(new int[] {1}).sqrt().toDoubleArray();
            double[] inverse = new double[n];
            for (int i = 0; i < n; i++) {
                inverse[i] = norms[i] == 0 ? 0 : 1 / norms[i];
            }
            NDArray unit = layer.mul(scope.create(inverse).reshape(n, 1));
            unit.attach(scope);
            NDArray unitT = unit.transpose();
            int strip = (int) Math.max(1, Math.min(n, STRIP_VALUES / n));
            double[] best = new double[k];
            int[] bestIndex = new int[k];
            for (int i0 = 0; i0 < n; i0 += strip) {
                int i1 = Math.min(n, i0 + strip);
                double[] similarity;
                try (NDArray rows = unit.get(new NDIndex("{}:{}", i0, i1)); NDArray product = rows.matMul(unitT)) {
                    similarity = product.toDoubleArray();
                }
                for (int i = i0; i < i1; i++) {
                    select(similarity, (i - i0) * n, n, i, best, bestIndex);
                    System.arraycopy(bestIndex, 0, lists, i * k, k);
                }
            }
        }
        return new Neighbours(n, k, lists, constant);
    }

    /**
     * The k best j != self by (similarity descending, index ascending), kept sorted in best/bestIndex. Scanning j in
     * increasing order, a later j enters only when strictly more similar, which breaks ties by the lower index.
     */
    private static void select(double[] similarity, int offset, int n, int self, double[] best, int[] bestIndex) {
        int k = best.length;
        int size = 0;
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            double s = similarity[offset + j];
            if (size == k && !(s > best[k - 1])) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && s > best[at - 1]) {
                best[at] = best[at - 1];
                bestIndex[at] = bestIndex[at - 1];
                at--;
            }
            best[at] = s;
            bestIndex[at] = j;
        }
    }

    /** |N_X(i) &amp; N_Y(i)| for every input i. */
    static int[] overlaps(Neighbours x, Neighbours y) {
        int[] stamp = new int[x.n];
        java.util.Arrays.fill(stamp, -1);
        int[] counts = new int[x.n];
        int k = x.k;
        for (int i = 0; i < x.n; i++) {
            for (int a = 0; a < k; a++) {
                stamp[y.lists[i * k + a]] = i;
            }
            int count = 0;
            for (int a = 0; a < k; a++) {
                if (stamp[x.lists[i * k + a]] == i) {
                    count++;
                }
            }
            counts[i] = count;
        }
        return counts;
    }

    @Override
    public boolean constant() {
        return constant;
    }

    /** N'(i) = { inverse[j] : j in N(order[i]) }: the same neighbourhoods, relabelled. */
    @Override
    public Neighbours permuted(int[] order, NDManager manager) {
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) {
            inverse[order[i]] = i;
        }
        int[] out = new int[lists.length];
        for (int i = 0; i < n; i++) {
            int from = order[i] * k;
            for (int a = 0; a < k; a++) {
                out[i * k + a] = inverse[lists[from + a]];
            }
        }
        return new Neighbours(n, k, out, constant);
    }

    @Override
    public void close() {
        // plain Java arrays
    }
}
