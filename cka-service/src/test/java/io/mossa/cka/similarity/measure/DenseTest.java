package io.mossa.cka.similarity.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The LAPACK calls on hand-computed cases: values, ordering, vectors up to sign, and failures. */
class DenseTest {

    private static final double EPS = 1e-12;

    @Test
    void symmetricEigenIsDescendingWithMatchingColumns() {
        // [[2, 1], [1, 2]]: eigenvalues 3 (vector (1, 1)/sqrt 2) and 1 (vector (1, -1)/sqrt 2)
        Dense.Eigen eigen = Dense.symmetricEigen(new Dense.Matrix(2, 2, new double[] {2, 1, 1, 2}));
        assertThat(eigen.values()).containsExactly(new double[] {3, 1}, within(EPS));
        double[] v = eigen.vectors().data();
        double h = Math.sqrt(0.5);
        assertThat(Math.abs(v[0])).isCloseTo(h, within(EPS));
        assertThat(v[2]).isCloseTo(v[0], within(EPS));
        assertThat(Math.abs(v[1])).isCloseTo(h, within(EPS));
        assertThat(v[3]).isCloseTo(-v[1], within(EPS));
    }

    @Test
    void singularValuesAreDescendingMagnitudes() {
        // [[3, 0, 0], [0, -4, 0]] has singular values 4 and 3
        double[] values = Dense.singularValues(new Dense.Matrix(2, 3, new double[] {3, 0, 0, 0, -4, 0}));
        assertThat(values).containsExactly(new double[] {4, 3}, within(EPS));
    }

    @Test
    void leftSvdPairsEachValueWithItsLeftVector() {
        // [[3, 0], [0, -4], [0, 0]]: 4 with U column +-e2, 3 with +-e1 (U is 3 x 2)
        Dense.LeftSvd svd = Dense.leftSvd(new Dense.Matrix(3, 2, new double[] {3, 0, 0, -4, 0, 0}));
        assertThat(svd.values()).containsExactly(new double[] {4, 3}, within(EPS));
        double[] u = svd.left().data();
        assertThat(svd.left().rows()).isEqualTo(3);
        assertThat(svd.left().cols()).isEqualTo(2);
        assertThat(new double[] {Math.abs(u[0]), Math.abs(u[2]), Math.abs(u[4])})
                .containsExactly(new double[] {0, 1, 0}, within(EPS));
        assertThat(new double[] {Math.abs(u[1]), Math.abs(u[3]), Math.abs(u[5])})
                .containsExactly(new double[] {1, 0, 0}, within(EPS));
    }

    @Test
    void inverseCholeskyTransposeOfAHandFactoredMatrix() {
        // [[4, 2], [2, 5]] = L L^T with L = [[2, 0], [1, 2]]; L^-1 = [[1/2, 0], [-1/4, 1/2]]
        Dense.Matrix inverseTranspose = Dense.inverseCholeskyTranspose(
                new Dense.Matrix(2, 2, new double[] {4, 2, 2, 5}));
        assertThat(inverseTranspose.data()).containsExactly(new double[] {0.5, -0.25, 0, 0.5}, within(EPS));
    }

    @Test
    void notPositiveDefiniteGivesNoFactor() {
        // eigenvalues 3 and -1
        assertThat(Dense.inverseCholeskyTranspose(new Dense.Matrix(2, 2, new double[] {1, 2, 2, 1}))).isNull();
    }

    @Test
    void aNanEntryIsAnArithmeticFailureNamingTheDecomposition() {
        assertThatThrownBy(() -> Dense.singularValues(
                new Dense.Matrix(2, 2, new double[] {1, Double.NaN, 0, 1})))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("singular value decomposition")
                .hasMessageContaining("NaN entry");
        assertThatThrownBy(() -> Dense.symmetricEigen(new Dense.Matrix(2, 2, new double[] {1, 0, Double.NaN, 1})))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("symmetric eigen-decomposition");
    }
}
