package io.mossa.cka.runner;

import java.util.UUID;

/** A work unit this worker holds a lease on. {@link #lost()} turns true if a renewal found the lease gone. */
public final class ClaimedUnit {

    private final UUID id;
    private final UUID experimentId;
    private final UUID taskId;
    private final int attempts;
    private final String worker;
    private final long queuedMillis;
    private volatile boolean lost;

    ClaimedUnit(UUID id, UUID experimentId, UUID taskId, int attempts, String worker, long queuedMillis) {
        this.id = id;
        this.experimentId = experimentId;
        this.taskId = taskId;
        this.attempts = attempts;
        this.worker = worker;
        this.queuedMillis = queuedMillis;
    }

    /**
     * How long the unit waited as PENDING (since it was created, deferred or given back) before this claim; -1 when
     * it was reclaimed from a worker whose lease expired.
     */
    public long queuedMillis() {
        return queuedMillis;
    }

    public UUID id() {
        return id;
    }

    public UUID experimentId() {
        return experimentId;
    }

    public UUID taskId() {
        return taskId;
    }

    public int attempts() {
        return attempts;
    }

    public String worker() {
        return worker;
    }

    public boolean lost() {
        return lost;
    }

    void markLost() {
        lost = true;
    }
}
