package io.mossa.gateway.access;

import java.util.List;

/** Every API key, oldest first, revoked ones included. */
public record ApiKeyList(List<ApiKeyView> apiKeys) {
}
