package io.mossa.cka.runner;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * {@code mossa.cka.workers} threads, started once the application is ready, each polling the database for
 * a claimable unit every {@code mossa.cka.poll-interval} and draining the queue while there is work. A
 * separate thread renews the leases of the units in progress every third of the lease. On shutdown the
 * workers are interrupted and their units given back.
 */
@Component
public class WorkerPool {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final UnitStore store;
    private final UnitExecutor executor;
    private final RunnerProperties properties;
    private final ObservationRegistry observations;
    private final Timer queueWait;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final Map<UUID, ClaimedUnit> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService workers;
    private ScheduledExecutorService leaseKeeper;
    private volatile boolean stopping;

    public WorkerPool(UnitStore store, UnitExecutor executor, RunnerProperties properties,
            ObservationRegistry observations, MeterRegistry meters) {
        this.store = store;
        this.executor = executor;
        this.properties = properties;
        this.observations = observations;
        this.queueWait = Timer.builder("mossa.cka.units.queue.wait")
                .description("time a work unit waited as PENDING before a worker claimed it").register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        int count = properties.workers();
        if (count <= 0 || workers != null) {
            log.info("no CKA workers in this process (mossa.cka.workers={})", count);
            return;
        }
        AtomicInteger seq = new AtomicInteger();
        workers = Executors.newScheduledThreadPool(count, r -> {
            Thread t = new Thread(r, "cka-worker-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long poll = Math.max(10, properties.pollInterval().toMillis());
        for (int i = 0; i < count; i++) {
            String worker = instance + "#" + (i + 1);
            workers.scheduleWithFixedDelay(() -> drain(worker), 0, poll, TimeUnit.MILLISECONDS);
        }
        leaseKeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cka-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long renewEvery = Math.max(1000, properties.leaseSeconds() * 1000L / 3);
        leaseKeeper.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        log.info("{} CKA worker(s) started as {} (lease {} s, poll every {} ms)", count, instance,
                properties.leaseSeconds(), poll);
    }

    private void drain(String worker) {
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                var claimed = store.claim(worker, properties.leaseSeconds());
                if (claimed.isEmpty()) {
                    return;
                }
                runOne(claimed.get());
            }
        } catch (Throwable t) {
            // never let an exception cancel the periodic schedule
            log.error("CKA worker {} failed; it polls again later", worker, t);
        }
    }

    private void runOne(ClaimedUnit unit) {
        MDC.put("experimentId", unit.experimentId().toString());
        if (unit.queuedMillis() >= 0) {
            queueWait.record(java.time.Duration.ofMillis(unit.queuedMillis()));
        }
        inFlight.put(unit.id(), unit);
        try {
            if (unit.attempts() > properties.maxAttempts()) {
                store.fail(unit, "work unit abandoned after " + (unit.attempts() - 1)
                        + " attempts whose worker stopped before finishing (lease expired)");
                return;
            }
            // one trace per unit: its log lines and its calls to the extractor share the trace id
            Observation.createNotStarted("mossa.cka.unit", observations)
                    .highCardinalityKeyValue("experiment", unit.experimentId().toString())
                    .observeChecked(() -> executor.run(unit));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseQuietly(unit);
        } catch (RuntimeException e) {
            if (stopping) {
                releaseQuietly(unit);
            } else {
                throw e;
            }
        } finally {
            inFlight.remove(unit.id());
            MDC.remove("experimentId");
        }
    }

    private void releaseQuietly(ClaimedUnit unit) {
        try {
            store.release(unit);
        } catch (RuntimeException e) {
            log.warn("could not release work unit {}; it is reclaimed when its lease expires", unit.id());
        }
    }

    private void renewLeases() {
        for (ClaimedUnit unit : inFlight.values()) {
            try {
                if (!store.renew(unit, properties.leaseSeconds())) {
                    unit.markLost();
                    MDC.put("experimentId", unit.experimentId().toString());
                    log.warn("lease of work unit {} lost; abandoning it", unit.id());
                    MDC.remove("experimentId");
                }
            } catch (RuntimeException e) {
                log.warn("renewing the lease of work unit {} failed: {}", unit.id(), e.getMessage());
            }
        }
    }

    /** Units this process is working on now. */
    public int inFlight() {
        return inFlight.size();
    }

    @PreDestroy
    public synchronized void stop() throws InterruptedException {
        stopping = true;
        if (workers != null) {
            workers.shutdownNow();
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("CKA workers did not stop within 10 s");
            }
            leaseKeeper.shutdownNow();
        }
    }
}
