package io.mossa.cka.similarity;

import java.util.List;

import io.mossa.contract.experiment.LayerPairing;

/**
 * The values of one comparison, laid out as {@link LayerPairing} says (row-major layersX x layersY for ALL).
 *
 * @param values         CKA per layer pair
 * @param pValues        permutation-test p-values per pair, or null
 * @param lower          lower ends of the bootstrap intervals, or null
 * @param upper          upper ends of the bootstrap intervals, or null
 * @param method         how it was computed: "gram", "feature" or "minibatch"
 * @param constantX      layers of X whose representation carries no variation (their CKA is defined as 0)
 * @param constantY      the same for Y
 */
public record SimilarityResult(int layersX, int layersY, LayerPairing pairing, int n, double[] values, double[] pValues,
        double[] lower, double[] upper, String method, List<Integer> constantX, List<Integer> constantY) {

    /** The values as a layersX x layersY matrix (ALL) or a layers x 1 column (SAME). */
    public double[][] matrix() {
        return shape(values);
    }

    public double[][] shape(double[] flat) {
        if (flat == null) {
            return null;
        }
        int columns = pairing == LayerPairing.ALL ? layersY : 1;
        int rows = flat.length / columns;
        double[][] m = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * columns, m[i], 0, columns);
        }
        return m;
    }
}
