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

    /** The chosen prompts; null when the experiment refers to a task set's examples (V12). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] prompts;

    @Column(name = "held_out", nullable = false)
    private boolean heldOut;

    private String split;

    protected ExperimentTask() {
    }

    /**
     * @param prompts the chosen prompts, or null for a task whose examples are read from its task set
     * @param n       how many examples the task has (the prompts' number when they are given)
     */
    public ExperimentTask(UUID id, UUID experimentId, int ordinal, String name, String cluster, String controlModel,
            List<String> prompts, int n, boolean heldOut, String split) {
        this.heldOut = heldOut;
        this.split = split;
        this.id = id;
        this.experimentId = experimentId;
        this.ordinal = ordinal;
        this.name = name;
        this.cluster = cluster;
        this.controlModel = controlModel;
        this.prompts = prompts == null ? null : prompts.toArray(String[]::new);
        this.n = n;
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

    /** The chosen prompts, or null when they are read from the experiment's task set. */
    public List<String> getPrompts() {
        return prompts == null ? null : List.of(prompts);
    }
}
