/**
 * Exports: tidy CSV, the layer x layer matrices as JSON and NPY.
 */
package io.mossa.gateway.results.export;
