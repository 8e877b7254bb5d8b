package io.mossa.cka.runner;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param workers          worker threads polling for work units in this process (0 = none)
 * @param leaseSeconds     how long a claim holds a unit; renewed every third of it while the unit runs
 * @param pollInterval     how often an idle worker looks for claimable units
 * @param maxAttempts      claims of one unit (crashed or vanished workers) after which it is failed
 * @param extractBatch     inputs per extractor request (the extractor accepts at most 256)
 * @param extractorRetries retries of one extractor request on transient failures
 * @param retryBackoff     first retry delay; doubles per retry
 * @param retryMaxDelay    upper bound of one retry delay, also for Retry-After
 * @param maxRequestBytes  request body limit of this service's API
 * @param outageTimeout    how long a unit may keep finding the extractor unavailable (after all retries) before its
 *                         experiment fails; until then the unit waits and is tried again
 * @param deferDelay       how long such a unit waits before it is tried again
 */
@ConfigurationProperties("mossa.cka")
public record RunnerProperties(Integer workers, Integer leaseSeconds, Duration pollInterval, Integer maxAttempts,
        Integer extractBatch, Integer extractorRetries, Duration retryBackoff, Duration retryMaxDelay,
        Long maxRequestBytes, Duration outageTimeout, Duration deferDelay) {

    public RunnerProperties {
        workers = workers == null ? 1 : workers;
        leaseSeconds = leaseSeconds == null ? 120 : leaseSeconds;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        extractBatch = extractBatch == null ? 64 : extractBatch;
        extractorRetries = extractorRetries == null ? 3 : extractorRetries;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff;
        retryMaxDelay = retryMaxDelay == null ? Duration.ofSeconds(60) : retryMaxDelay;
        maxRequestBytes = maxRequestBytes == null ? 16L * 1024 * 1024 : maxRequestBytes;
        outageTimeout = outageTimeout == null ? Duration.ofMinutes(30) : outageTimeout;
        deferDelay = deferDelay == null ? Duration.ofSeconds(10) : deferDelay;
        if (extractBatch < 1 || extractBatch > 256) {
            throw new IllegalArgumentException("mossa.cka.extract-batch must be 1..256 (the extractor's limit), got "
                    + extractBatch);
        }
        if (leaseSeconds < 3) {
            throw new IllegalArgumentException("mossa.cka.lease-seconds must be at least 3, got " + leaseSeconds);
        }
    }
}
