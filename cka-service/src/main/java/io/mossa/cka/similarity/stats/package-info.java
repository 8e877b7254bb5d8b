/**
 * Seeded resampling (permutations, subsamples) and numpy-compatible percentiles for p-values and intervals.
 */
package io.mossa.cka.similarity.stats;
