/**
 * What an experiment measures between two models' layers, and the resampling statistics of each value: the
 * options as submitted (nullable: absent means default), their defaults and rules. A new measure (issue 16: CCA,
 * Procrustes, RSA...) is another {@link io.mossa.contract.measure.Measure} with its own options and rules.
 */
package io.mossa.contract.measure;
