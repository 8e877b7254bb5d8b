package io.mossa.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Lookups are reused for exactly the TTL, unknown keys too, failures never; eviction and the size bound. */
class ApiKeyCacheTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(30), 3, clock);
    private final List<String> lookups = new ArrayList<>();

    private Function<String, Optional<Caller>> store(Optional<Caller> answer) {
        return hash -> {
            lookups.add(hash);
            return answer;
        };
    }

    @Test
    void aLookupIsReusedUntilTheTtlHasPassed() {
        Caller ci = new Caller("id-1", "ci", false);
        assertThat(cache.get("h1", store(Optional.of(ci)))).contains(ci);
        clock.now = clock.now.plusSeconds(29);
        assertThat(cache.get("h1", store(Optional.empty()))).contains(ci);
        assertThat(lookups).hasSize(1);
        clock.now = clock.now.plusSeconds(1);
        // 30 s after the lookup: asked again, and the store now says revoked
        assertThat(cache.get("h1", store(Optional.empty()))).isEmpty();
        assertThat(lookups).hasSize(2);
    }

    @Test
    void unknownKeysAreRememberedToo() {
        assertThat(cache.get("nope", store(Optional.empty()))).isEmpty();
        assertThat(cache.get("nope", store(Optional.empty()))).isEmpty();
        assertThat(lookups).hasSize(1);
    }

    @Test
    void failedLookupsAreNotRemembered() {
        assertThatThrownBy(() -> cache.get("h1", hash -> {
            throw new IllegalStateException("cka-service down");
        })).hasMessage("cka-service down");
        assertThat(cache.size()).isZero();
        assertThat(cache.get("h1", store(Optional.empty()))).isEmpty();
        assertThat(lookups).hasSize(1);
    }

    @Test
    void evictionForgetsTheKeyAtOnce() {
        Caller ci = new Caller("id-1", "ci", false);
        Caller other = new Caller("id-2", "other", false);
        cache.get("h1", store(Optional.of(ci)));
        cache.get("h2", store(Optional.of(other)));
        cache.evict("id-1");
        assertThat(cache.get("h1", store(Optional.empty()))).isEmpty();
        assertThat(cache.get("h2", store(Optional.empty()))).contains(other);
        assertThat(lookups).containsExactly("h1", "h2", "h1");
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        for (int i = 0; i < 10; i++) {
            cache.get("h" + i, store(Optional.empty()));
            assertThat(cache.size()).isBetween(1, 3);
        }
    }

    @Test
    void whenFullExpiredEntriesMakeRoomBeforeLiveOnes() {
        Caller live = new Caller("id-live", "live", false);
        cache.get("a", store(Optional.empty()));
        cache.get("b", store(Optional.empty()));
        clock.now = clock.now.plusSeconds(20);
        cache.get("live", store(Optional.of(live)));
        clock.now = clock.now.plusSeconds(15); // a and b expired, live has 15 s left
        cache.get("d", store(Optional.empty()));
        assertThat(cache.size()).isEqualTo(2);
        lookups.clear();
        assertThat(cache.get("live", store(Optional.empty()))).contains(live);
        assertThat(lookups).isEmpty();
    }
}
