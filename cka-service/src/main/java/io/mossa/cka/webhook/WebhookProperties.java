package io.mossa.cka.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param workers                  delivery threads in this process (0 = none; other replicas still deliver)
 * @param pollInterval             how often an idle delivery thread looks for due deliveries
 * @param connectTimeout           TCP (and TLS) connect timeout of one attempt
 * @param responseTimeout          how long one attempt waits for the receiver's response (between any two reads)
 * @param maxAttempts              attempts of one delivery before it is given up (FAILED)
 * @param initialBackoff           wait after the first failed attempt; doubles after each further one
 * @param maxBackoff               upper bound of one wait (also of a receiver's Retry-After)
 * @param allowedHosts             host names receivers may have: exact names, {@code *.domain} for its subdomains, IP
 *                                 literals, or {@code *} for any host
 * @param allowedNetworks          CIDR ranges of loopback, link-local, private or otherwise non-public addresses that
 *                                 receivers may nevertheless resolve to (none by default)
 * @param maxSubscriptionsPerOwner subscriptions one API key (or the administrator) may hold
 */
@ConfigurationProperties("mossa.webhooks")
public record WebhookProperties(Integer workers, Duration pollInterval, Duration connectTimeout,
        Duration responseTimeout, Integer maxAttempts, Duration initialBackoff, Duration maxBackoff,
        List<String> allowedHosts, List<String> allowedNetworks, Integer maxSubscriptionsPerOwner) {

    public WebhookProperties {
        workers = workers == null ? 2 : workers;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
        maxAttempts = maxAttempts == null ? 12 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(10) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
        allowedHosts = allowedHosts == null ? List.of("*") : List.copyOf(allowedHosts);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        maxSubscriptionsPerOwner = maxSubscriptionsPerOwner == null ? 100 : maxSubscriptionsPerOwner;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("mossa.webhooks.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("mossa.webhooks.initial-backoff must be positive and at most "
                    + "mossa.webhooks.max-backoff, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /**
     * How long a claim holds a delivery: one attempt's connect and response timeouts with a margin, so that a
     * delivery is claimed again only when its worker is gone, not while it is still waiting for the receiver.
     */
    public Duration lease() {
        return connectTimeout.plus(responseTimeout).multipliedBy(2).plusSeconds(30);
    }

    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
