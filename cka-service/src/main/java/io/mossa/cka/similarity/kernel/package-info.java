/**
 * The kernels (linear, RBF, polynomial) and the packed symmetric products the engine builds Gram matrices with.
 */
package io.mossa.cka.similarity.kernel;
