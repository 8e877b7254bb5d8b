package io.mossa.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers key lookups (by secret hash) for a short time, so that a client's requests do not each cost a call
 * to cka-service. Unknown keys are remembered too, so that a flood of made-up keys cannot flood cka-service.
 * The price is the documented delay: a key revoked through another gateway replica keeps working until its entry
 * expires (the TTL); through this replica, revocation evicts it at once. Failed lookups are not remembered.
 */
final class ApiKeyCache {

    private record Entry(Optional<Caller> caller, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    ApiKeyCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The caller with this secret hash (empty: no active key), from the cache or else from {@code lookup}. */
    Optional<Caller> get(String secretHash, Function<String, Optional<Caller>> lookup) {
        Instant now = clock.instant();
        Entry entry = entries.get(secretHash);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.caller();
        }
        Optional<Caller> caller = lookup.apply(secretHash);
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) {
                entries.clear(); // a flood of distinct keys: start over rather than grow without bound
            }
        }
        entries.put(secretHash, new Entry(caller, now.plus(ttl)));
        return caller;
    }

    /** Forgets the key with this id, so that its revocation takes effect on this replica at once. */
    void evict(String keyId) {
        entries.values().removeIf(e -> e.caller().map(c -> keyId.equals(c.keyId())).orElse(false));
    }

    int size() {
        return entries.size();
    }
}
