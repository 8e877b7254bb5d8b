/**
 * What an experiment measures between two models' layers, and the resampling statistics of each value: the
 * vocabulary of measures ({@link io.mossa.contract.measure.MeasureType}, each a similarity or a distance), the
 * options as submitted (nullable: absent means default), their defaults and rules: CKA's alone
 * ({@link io.mossa.contract.measure.CkaMeasure}) or an entry of a list of measures
 * ({@link io.mossa.contract.measure.MeasureSpec}).
 */
package io.mossa.contract.measure;
