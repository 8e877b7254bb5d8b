/**
 * The NPY format (numpy's .npy), read and written as a stream.
 */
package io.mossa.tensor.npy;
