/**
 * Webhooks in the public API: subscriptions owned per API key, checked at the edge and stored by cka-service
 * (docs/webhooks.md).
 */
package io.mossa.gateway.webhook;
