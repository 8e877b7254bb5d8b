package io.mossa.cka.webhook;

import java.time.Duration;

/**
 * The outcome of one attempt.
 *
 * @param httpStatus the receiver's status, when it answered
 * @param retryAfter the receiver's Retry-After, when it sent one (seconds form)
 * @param error      what went wrong, for the delivery log (null when delivered)
 */
public record SendResult(AttemptOutcome outcome, Integer httpStatus, Duration retryAfter, String error,
        Duration duration) {

    public boolean delivered() {
        return outcome == AttemptOutcome.DELIVERED;
    }
}
