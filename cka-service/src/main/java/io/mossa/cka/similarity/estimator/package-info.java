/**
 * The HSIC estimators (biased HSIC0, debiased HSIC1) as centring operations on kernel matrices.
 */
package io.mossa.cka.similarity.estimator;
