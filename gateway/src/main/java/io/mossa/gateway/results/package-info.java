/**
 * An experiment's results: JSON, views, exports and plots, each under its own URL with a strong ETag, served from
 * one read of cka-service's results.
 */
package io.mossa.gateway.results;
