package io.mossa.cka.similarity.kernel;

import ai.djl.ndarray.NDArray;

/**
 * k(x, y) = (x . y / p + coef0)^degree, scikit-learn's polynomial kernel with its default gamma = 1/p.
 * It is applied to the raw rows (it is not translation invariant, and that is part of its definition).
 *
 * <p>|coef0|^degree is kept within 1e{@value #MAX_CONSTANT_DECADES}: HSIC multiplies kernel entries pairwise
 * and sums n^2 of them, so entries beyond ~1e150 overflow to infinity and CKA becomes NaN. The limit leaves room
 * for the data's own x . y / p term; a result that still overflows is refused by the engine.
 *
 * @param degree a positive integer
 * @param coef0  the constant term
 */
public record PolynomialKernel(int degree, double coef0) implements Kernel {

    public static final int MAX_DEGREE = 10;
    public static final int MAX_CONSTANT_DECADES = 100;

    public PolynomialKernel {
        if (degree < 1 || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be 1.." + MAX_DEGREE + ", got " + degree);
        }
        if (!Double.isFinite(coef0)) {
            throw new IllegalArgumentException("coef0 must be a finite number, got " + coef0);
        }
        if (degree * Math.log10(Math.max(1, Math.abs(coef0))) > MAX_CONSTANT_DECADES) {
            throw new IllegalArgumentException("coef0 must satisfy |coef0|^degree <= 1e" + MAX_CONSTANT_DECADES
                    + " (beyond, products of kernel entries overflow and CKA is undefined), got coef0=" + coef0
                    + " with degree " + degree);
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
