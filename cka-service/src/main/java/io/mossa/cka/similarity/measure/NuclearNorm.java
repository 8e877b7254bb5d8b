package io.mossa.cka.similarity.measure;

/**
 * ||X~^T Y~||_* with X~ and Y~ scaled to unit Frobenius norm, the quantity behind the Procrustes and angular shape
 * distances. With X~ = (X~ V_X) V_X^T on the numerical column space, X~^T Y~ = V_X (S_X-scores)^T (scores_Y) V_Y^T and
 * the nuclear norm is that of the rank x rank product of the scores. 0 when either side is constant.
 */
final class NuclearNorm {

    private NuclearNorm() {
    }

    static double ofNormalisedCross(Basis x, Basis y) {
        if (x.constant() || y.constant()) {
            return 0;
        }
        double sum = 0;
        for (double s : Dense.singularValues(BasisMeasure.crossProduct(x.scores, y.scores))) {
            sum += s;
        }
        return Math.min(1, sum / Math.sqrt(x.squaredNorm() * y.squaredNorm()));
    }
}
