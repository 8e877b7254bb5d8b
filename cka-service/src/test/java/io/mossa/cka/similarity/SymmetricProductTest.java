package io.mossa.cka.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.kernel.SymmetricProduct;

/** The block-triangular products against plain loops, at sizes that split into several strips. */
class SymmetricProductTest {

    @Test
    void gramAndSelfProductNormEqualPlainLoops() {
        Random random = new Random(3);
        int n = 1100;
        int p = 3;
        double[][] x = Matrices.gaussian(random, n, p);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray array = manager.create(Matrices.flatten(x), new ai.djl.ndarray.types.Shape(n, p));
            double[] gram = SymmetricProduct.gram(array).toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = x[i][0] * x[j][0] + x[i][1] * x[j][1] + x[i][2] * x[j][2];
                    if (Math.abs(gram[i * n + j] - expected) > 1e-12) {
                        throw new AssertionError("K[" + i + "][" + j + "] = " + gram[i * n + j] + ", expected "
                                + expected);
                    }
                }
            }
            // ||X^T X||_F^2 for a 3 x 1100 matrix: its 1100 x 1100 product has 4 strips
            NDArray wide = array.transpose();
            double naive = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double s = x[a][0] * x[b][0] + x[a][1] * x[b][1] + x[a][2] * x[b][2];
                    naive += s * s;
                }
            }
            assertThat(SymmetricProduct.selfProductSquaredNorm(wide)).isCloseTo(naive, within(naive * 1e-12));
        }
    }
}
