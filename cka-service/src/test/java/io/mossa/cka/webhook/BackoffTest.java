package io.mossa.cka.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        List<Long> seconds = new ArrayList<>();
        for (int attempt = 1; attempt <= 12; attempt++) {
            seconds.add(backoff.after(attempt).toSeconds());
        }
        assertThat(seconds).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3600L, 3600L, 3600L);
    }

    @Test
    void farAttemptsStayAtTheMaximumWithoutOverflowing() {
        assertThat(backoff.after(63)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
        Backoff tiny = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE / 2));
        // 2^61 ms fits below the maximum; 2^62 does not
        assertThat(tiny.after(62)).isEqualTo(Duration.ofMillis(1L << 61));
        assertThat(tiny.after(63)).isEqualTo(Duration.ofMillis(Long.MAX_VALUE / 2));
    }

    @Test
    void aLongerRetryAfterWinsButNeverPastTheMaximum() {
        assertThat(backoff.after(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(backoff.after(3, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.after(2, null)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(1, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void attemptsCountFromOne() {
        assertThatThrownBy(() -> backoff.after(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
