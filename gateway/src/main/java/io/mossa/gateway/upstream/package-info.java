/**
 * Clients of the internal services (cka-service, the extractor), their timeouts, and how their failures become
 * problems of the gateway.
 */
package io.mossa.gateway.upstream;
