/**
 * API keys at the edge: which requests need which key (AccessRules), the filter that checks them, the cached
 * lookups, and key management for the administrator.
 */
package io.mossa.gateway.access;
