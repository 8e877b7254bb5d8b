package io.mossa.extractor.activation;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mossa.web.problem.ApiProblem;

/**
 * Bounds forward passes: at most {@code maxRunning} requests compute at once (each already uses every
 * core through ONNX Runtime, so more would only thrash memory), at most {@code maxQueued} wait, and the
 * rest are told to come back (503 with Retry-After) instead of piling up threads and memory.
 */
public final class ConcurrencyGuard {

    private final Semaphore running;
    private final int maxRunning;
    private final int maxQueued;
    private final Duration maxWait;
    private final long retryAfterSeconds;
    private final AtomicInteger waiting = new AtomicInteger();

    public ConcurrencyGuard(int maxRunning, int maxQueued, Duration maxWait, long retryAfterSeconds) {
        if (maxRunning < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("maxRunning must be >= 1 and maxQueued >= 0");
        }
        this.running = new Semaphore(maxRunning, true);
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public <T> T run(Callable<T> work) throws Exception {
        acquire();
        try {
            return work.call();
        } finally {
            running.release();
        }
    }

    /** Requests waiting for a slot now (the queue-depth gauge). */
    public int waiting() {
        return waiting.get();
    }

    private void acquire() {
        if (running.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw busy("all " + maxRunning + " forward-pass slots are busy and " + maxQueued
                    + " requests are already queued (mossa.extractor.max-queued-requests)");
        }
        try {
            if (!running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy("no forward-pass slot became free within " + maxWait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for a forward-pass slot");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ApiProblem busy(String detail) {
        return ApiProblem.unavailable(detail + "; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }
}
