package io.mossa.cka.experiment;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "experiment_task")
public class ExperimentTask {

    @Id
    private UUID id;

    @Column(name = "experiment_id", nullable = false)
    private UUID experimentId;

    @Column(nullable = false)
    private int ordinal;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String cluster;

    @Column(name = "control_model", nullable = false)
    private String controlModel;

    @Column(nullable = false)
    private int n;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private String[] prompts;

    @Column(name = "held_out", nullable = false)
    private boolean heldOut;

    private String split;

    protected ExperimentTask() {
    }

    public ExperimentTask(UUID id, UUID experimentId, int ordinal, String name, String cluster, String controlModel,
            List<String> prompts, boolean heldOut, String split) {
        this.heldOut = heldOut;
        this.split = split;
        this.id = id;
        this.experimentId = experimentId;
        this.ordinal = ordinal;
        this.name = name;
        this.cluster = cluster;
        this.controlModel = controlModel;
        this.prompts = prompts.toArray(String[]::new);
        this.n = this.prompts.length;
    }

    public UUID getId() {
        return id;
    }

    public UUID getExperimentId() {
        return experimentId;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public String getName() {
        return name;
    }

    public String getCluster() {
        return cluster;
    }

    public String getControlModel() {
        return controlModel;
    }

    public int getN() {
        return n;
    }

    public boolean isHeldOut() {
        return heldOut;
    }

    public String getSplit() {
        return split;
    }

    public List<String> getPrompts() {
        return List.of(prompts);
    }
}
