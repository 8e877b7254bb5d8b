package io.mossa.cka.similarity;

import io.mossa.cka.similarity.estimator.Estimator;
import io.mossa.cka.similarity.kernel.Kernel;
import io.mossa.contract.experiment.LayerPairing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Minibatch CKA (Nguyen, Raghu and Kornblith 2021): the inputs are split, in order, into ceil(n / m) batches of
 * near-equal size (sizes differ by at most one), and
 * CKA = sum_b HSIC(K_b, L_b) / sqrt(sum_b HSIC(K_b, K_b) sum_b HSIC(L_b, L_b)).
 * Memory holds one batch's (layersX + layersY) m x m matrices, never an n x n one. With the debiased
 * estimator (the paper's choice) the result does not depend on the batch size in expectation; the biased
 * estimator's does.
 */
final class MinibatchCka {

    private MinibatchCka() {
    }

    static double[] compute(LayerStack x, LayerStack y, SimilarityOptions options, NDManager manager) {
        int n = x.rows();
        int batches = (n + options.minibatch() - 1) / options.minibatch();
        int lx = x.layers();
        int ly = y.layers();
        double[] cross = new double[lx * ly];
        double[] selfX = new double[lx];
        double[] selfY = new double[ly];
        int start = 0;
        for (int b = 0; b < batches; b++) {
            int size = n / batches + (b < n % batches ? 1 : 0);
            try (NDManager scope = manager.newSubManager()) {
                NDArray cx = centredStack(x, start, size, options, scope);
                NDArray cy = centredStack(y, start, size, options, scope);
                double normaliser = options.estimator().normaliser(size);
                double[] products = cx.matMul(cy.transpose()).toDoubleArray();
                for (int i = 0; i < cross.length; i++) {
                    cross[i] += products[i] / normaliser;
                }
                accumulateSelf(cx, selfX, normaliser);
                accumulateSelf(cy, selfY, normaliser);
            }
            start += size;
        }
        double[] values = new double[options.pairing() == LayerPairing.ALL ? lx * ly : lx];
        for (int i = 0; i < lx; i++) {
            for (int j = 0; j < ly; j++) {
                if (options.pairing() == LayerPairing.SAME && i != j) {
                    continue;
                }
                double denominator = Math.sqrt(selfX[i] * selfY[j]);
                double value = denominator > 0 ? cross[i * ly + j] / denominator : 0;
                values[options.pairing() == LayerPairing.ALL ? i * ly + j : i] = Math.max(-1, Math.min(1, value));
            }
        }
        return values;
    }

    /** (layers x size^2): each layer's centred kernel matrix of the batch's rows, flattened, not normalised. */
    private static NDArray centredStack(LayerStack side, int start, int size, SimilarityOptions options,
            NDManager scope) {
        Kernel kernel = options.kernel();
        Estimator estimator = options.estimator();
        NDArray stack = scope.zeros(new Shape(side.layers(), (long) size * size), DataType.FLOAT64);
        for (int l = 0; l < side.layers(); l++) {
            try (NDManager layerScope = scope.newSubManager()) {
                if (side.isConstant(l, start, size)) {
                    continue;
                }
                NDArray rows = side.rows(l, start, size, layerScope);
                NDArray k;
                try {
                    k = kernel.matrix(rows);
                } catch (IllegalArgumentException e) {
                    throw new SimilarityException(side.name(), side.name() + " layer " + l + ", minibatch starting at row "
                            + start + ": " + e.getMessage());
                }
                NDArray c = kernel.isLinear() && estimator == Estimator.BIASED ? k : estimator.centre(k);
                stack.set(new NDIndex(l), c.flatten());
            }
        }
        return stack;
    }

    private static void accumulateSelf(NDArray stack, double[] self, double normaliser) {
        try (NDArray squares = stack.square(); NDArray sums = squares.sum(new int[] {1})) {
            double[] values = sums.toDoubleArray();
            for (int i = 0; i < self.length; i++) {
                self[i] += values[i] / normaliser;
            }
        }
    }
}
