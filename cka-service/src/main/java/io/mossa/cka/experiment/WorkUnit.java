package io.mossa.cka.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One task of one experiment as a unit of work. State changes go through {@code io.mossa.cka.runner.UnitStore}. */
@Entity
@Table(name = "work_unit")
public class WorkUnit {

    @Id
    private UUID id;

    @Column(name = "experiment_id", nullable = false)
    private UUID experimentId;

    @Column(name = "task_id", nullable = false)
    private UUID taskId;

    @Column(nullable = false)
    private int ordinal;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private UnitState state;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "leased_by")
    private String leasedBy;

    @Column(name = "leased_until")
    private Instant leasedUntil;

    private String error;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected WorkUnit() {
    }

    public WorkUnit(UUID id, UUID experimentId, UUID taskId, int ordinal, Instant createdAt) {
        this.id = id;
        this.experimentId = experimentId;
        this.taskId = taskId;
        this.ordinal = ordinal;
        this.state = UnitState.PENDING;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getExperimentId() {
        return experimentId;
    }

    public UUID getTaskId() {
        return taskId;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public UnitState getState() {
        return state;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getLeasedBy() {
        return leasedBy;
    }

    public Instant getLeasedUntil() {
        return leasedUntil;
    }

    public String getError() {
        return error;
    }
}
