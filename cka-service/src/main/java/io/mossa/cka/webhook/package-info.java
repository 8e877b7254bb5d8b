/**
 * Webhooks in cka-service: subscriptions, the outbox of events and their signed deliveries with retries, run by
 * delivery workers like the work units (docs/webhooks.md).
 */
package io.mossa.cka.webhook;
