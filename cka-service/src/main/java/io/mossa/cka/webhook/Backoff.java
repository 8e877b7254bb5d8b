package io.mossa.cka.webhook;

import java.time.Duration;

/**
 * Exponential backoff between delivery attempts: {@code initial} after the first failure, doubling after each
 * further one, never more than {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    /** The wait after failed attempt number {@code attempt} (1 = the first attempt). */
    public Duration after(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        long first = initial.toMillis();
        long limit = max.toMillis();
        int doublings = attempt - 1;
        // first * 2^doublings > limit, tested without overflowing
        if (doublings >= 62 || first > (limit >> doublings)) {
            return max;
        }
        return Duration.ofMillis(first << doublings);
    }

    /** The wait after a failed attempt whose receiver asked for {@code retryAfter} (null: did not ask). */
    public Duration after(int attempt, Duration retryAfter) {
        Duration backoff = after(attempt);
        if (retryAfter == null || retryAfter.compareTo(backoff) <= 0) {
            return backoff;
        }
        return retryAfter.compareTo(max) > 0 ? max : retryAfter;
    }
}
