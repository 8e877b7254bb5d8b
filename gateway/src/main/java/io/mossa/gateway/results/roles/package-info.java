/**
 * Layer roles: shared, transition and refinement layers found by an exhaustive segmentation of the similarity
 * curves, with the evidence.
 */
package io.mossa.gateway.results.roles;
