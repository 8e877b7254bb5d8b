package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;

/**
 * k(x, y) = (x . y / p + coef0)^degree, scikit-learn's polynomial kernel with its default gamma = 1/p.
 * It is applied to the raw rows (it is not translation invariant, and that is part of its definition).
 *
 * @param degree a positive integer
 * @param coef0  the constant term
 */
public record PolynomialKernel(int degree, double coef0) implements Kernel {

    public static final int MAX_DEGREE = 10;

    public PolynomialKernel {
        if (degree < 1 || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be 1.." + MAX_DEGREE + ", got " + degree);
        }
        if (!Double.isFinite(coef0)) {
            throw new IllegalArgumentException("coef0 must be a finite number, got " + coef0);
        }
    }

    @Override
    public NDArray matrix(NDArray x) {
        long p = x.getShape().get(1);
        NDArray k = SymmetricProduct.gram(x);
        k.divi(p).addi(coef0);
        if (degree > 1) {
            NDArray powered = k.pow(degree);
            k.close();
            return powered;
        }
        return k;
    }

    @Override
    public String name() {
        return "polynomial";
    }
}
