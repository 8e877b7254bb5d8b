package io.mossa.cka.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mossa.cka.similarity.kernel.SymmetricPacking;
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

    @Test
    void packedMatricesKeepTheFrobeniusInnerProduct() {
        Random random = new Random(5);
        int n = 700; // three strips of rows
        double[][] x = Matrices.gaussian(random, n, 4);
        double[][] y = Matrices.gaussian(random, n, 2);
        // plain loops: <XX^T, YY^T>_F and ||XX^T||_F^2 over all n^2 entries
        double cross = 0;
        double selfX = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double k = 0;
                double l = 0;
                for (int c = 0; c < 4; c++) {
                    k += x[i][c] * x[j][c];
                }
                for (int c = 0; c < 2; c++) {
                    l += y[i][c] * y[j][c];
                }
                cross += k * l;
                selfX += k * k;
            }
        }
        SymmetricPacking packing = new SymmetricPacking(n);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray xs = manager.create(Matrices.flatten(x), new ai.djl.ndarray.types.Shape(n, 4));
            NDArray ys = manager.create(Matrices.flatten(y), new ai.djl.ndarray.types.Shape(n, 2));
            NDArray stack = manager.zeros(new ai.djl.ndarray.types.Shape(2, packing.length()),
                    ai.djl.ndarray.types.DataType.FLOAT64);
            // one row straight from GEMMs, the other packed from a full matrix
            double packedSelfX = packing.packGram(xs, stack, 0);
            packing.pack(ys.matMul(ys.transpose()), stack, 1);
            double[] rows = stack.toDoubleArray();
            long length = packing.length();
            double dot = 0;
            for (int i = 0; i < length; i++) {
                dot += rows[i] * rows[(int) length + i];
            }
            assertThat(packedSelfX).isCloseTo(selfX, within(selfX * 1e-12));
            assertThat(dot).isCloseTo(cross, within(Math.abs(cross) * 1e-11 + 1e-9));
            assertThat(length).isLessThan((long) n * n);
        }
    }
}
