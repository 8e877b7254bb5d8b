/**
 * API keys, stored by the SHA-256 of their secret in cka.api_key: created, listed, revoked and authenticated for
 * the gateway, which keeps no state.
 */
package io.mossa.cka.apikey;
