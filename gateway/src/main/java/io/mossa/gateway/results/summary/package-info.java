/**
 * Summaries across tasks per layer (quartiles, mean), per cluster, trained and held-out apart, and how complete the
 * results are.
 */
package io.mossa.gateway.results.summary;
