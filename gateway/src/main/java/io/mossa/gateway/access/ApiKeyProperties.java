package io.mossa.gateway.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may write to the public API.
 *
 * @param adminKey       the administrator's key (env MOSSA_GATEWAY_ADMIN_KEY): manages API keys and may do anything;
 *                       empty = no administrator, so no key can be created and every write is refused
 * @param apiKeyCacheTtl how long the gateway trusts a key lookup (known or unknown) before asking cka-service again:
 *                       a key revoked on another gateway replica keeps working at most this long
 * @param apiKeyCacheSize the most key lookups remembered
 */
@ConfigurationProperties("mossa.gateway")
public record ApiKeyProperties(
        @DefaultValue("") String adminKey,
        @DefaultValue("30s") Duration apiKeyCacheTtl,
        @DefaultValue("10000") int apiKeyCacheSize) {
}
