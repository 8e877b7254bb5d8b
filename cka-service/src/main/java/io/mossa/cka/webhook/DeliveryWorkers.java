package io.mossa.cka.webhook;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.cka.webhook.DeliveryStore.Claimed;

/**
 * {@code mossa.webhooks.workers} threads, started once the application is ready, each draining the outbox of
 * due deliveries and then polling it every {@code mossa.webhooks.poll-interval}. A failed attempt is retried after
 * the {@link Backoff} (or the receiver's longer Retry-After) until {@code mossa.webhooks.max-attempts}.
 *
 * <p>Metrics: {@code mossa.webhooks.attempts{outcome}} per attempt, {@code mossa.webhooks.deliveries{state}} per
 * finished delivery (SUCCEEDED, FAILED), and the gauge {@code mossa.webhooks.outbox.depth}: deliveries still to
 * make in every replica.
 */
@Component
public class DeliveryWorkers {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    private static final long DEPTH_MAX_AGE_NANOS = 5_000_000_000L;

    private final DeliveryStore store;
    private final WebhookProperties properties;
    private final WebhookSender sender;
    private final MeterRegistry meters;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService workers;
    private volatile boolean stopping;
    private double depth = Double.NaN;
    private long depthReadAt;

    public DeliveryWorkers(DeliveryStore store, WebhookProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.meters = meters;
        this.sender = new WebhookSender(AddressPolicy.of(properties), properties.connectTimeout(),
                properties.responseTimeout());
        Gauge.builder("mossa.webhooks.outbox.depth", this, DeliveryWorkers::depth)
                .description("webhook deliveries still to make (all replicas)").register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        int count = properties.workers();
        if (count <= 0 || workers != null) {
            log.info("no webhook delivery workers in this process (mossa.webhooks.workers={})", count);
            return;
        }
        AtomicInteger seq = new AtomicInteger();
        workers = Executors.newScheduledThreadPool(count, r -> {
            Thread t = new Thread(r, "webhook-worker-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long poll = Math.max(10, properties.pollInterval().toMillis());
        for (int i = 0; i < count; i++) {
            String worker = instance + "#webhook-" + (i + 1);
            workers.scheduleWithFixedDelay(() -> drain(worker), 0, poll, TimeUnit.MILLISECONDS);
        }
        log.info("{} webhook delivery worker(s) started (lease {}, up to {} attempts, allowed hosts {}, allowed "
                + "networks {})", count, properties.lease(), properties.maxAttempts(), properties.allowedHosts(),
                properties.allowedNetworks());
    }

    private void drain(String worker) {
        try {
            while (!stopping) {
                Optional<Claimed> claimed = store.claim(worker, properties.lease());
                if (claimed.isEmpty()) {
                    return;
                }
                deliver(claimed.get());
            }
        } catch (Throwable t) {
            // never let an exception cancel the periodic schedule
            log.error("webhook worker {} failed; it polls again later", worker, t);
        }
    }

    /** One attempt of a claimed delivery, recorded with its outcome. */
    void deliver(Claimed delivery) {
        Instant startedAt = Instant.now();
        SendResult result = sender.send(delivery.url(), delivery.secret(), delivery.id(), delivery.eventId(),
                delivery.event(), delivery.body());
        meters.counter("mossa.webhooks.attempts", "outcome", result.outcome().name()).increment();
        DeliveryState next;
        Duration retryIn = Duration.ZERO;
        if (result.delivered()) {
            next = DeliveryState.SUCCEEDED;
        } else if (delivery.attempt() >= properties.maxAttempts()) {
            next = DeliveryState.FAILED;
        } else {
            next = DeliveryState.PENDING;
            retryIn = properties.backoff().after(delivery.attempt(), result.retryAfter());
        }
        boolean held = store.finish(delivery, result, startedAt, next, retryIn);
        if (!held) {
            log.warn("webhook delivery {} was claimed by another worker while attempt {} ran ({})", delivery.id(),
                    delivery.attempt(), result.outcome());
        } else if (next == DeliveryState.PENDING) {
            log.info("webhook delivery {} ({}) attempt {} failed: {}; next attempt in {}", delivery.id(),
                    delivery.event(), delivery.attempt(), result.error(), retryIn);
        } else {
            meters.counter("mossa.webhooks.deliveries", "state", next.name()).increment();
            if (next == DeliveryState.FAILED) {
                log.warn("webhook delivery {} ({}) given up after {} attempts: {}", delivery.id(), delivery.event(),
                        delivery.attempt(), result.error());
            }
        }
    }

    private synchronized double depth() {
        long now = System.nanoTime();
        if (depthReadAt == 0 || now - depthReadAt >= DEPTH_MAX_AGE_NANOS) {
            depthReadAt = now;
            try {
                depth = store.pending();
            } catch (RuntimeException e) {
                depth = Double.NaN;
            }
        }
        return depth;
    }

    @PreDestroy
    public synchronized void stop() throws InterruptedException, IOException {
        stopping = true;
        if (workers != null) {
            // an attempt in flight ends within its timeouts; one cut short is delivered again after its lease
            workers.shutdown();
            if (!workers.awaitTermination(properties.connectTimeout().plus(properties.responseTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        }
        sender.close();
    }
}
