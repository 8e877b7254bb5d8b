/**
 * The extractor as cka-service calls it: activations over HTTP with retries, Retry-After and the distinction
 * between a refusal (the task fails) and an outage (the unit waits).
 */
package io.mossa.cka.extractor;
