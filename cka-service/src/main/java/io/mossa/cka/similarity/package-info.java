/**
 * The similarity engine: CKA between every layer of two stacks in float64 on DJL's PyTorch engine, in Gram, feature
 * or minibatch form, with permutation p-values and subsampling intervals (docs/similarity-engine.md).
 * SimilarityOptions.of turns the contract's measure into kernels and estimators.
 */
package io.mossa.cka.similarity;
