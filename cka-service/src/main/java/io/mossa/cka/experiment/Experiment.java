package io.mossa.cka.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ExperimentStatus status;

    /** The request as accepted (defaults filled in), as JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String definition;

    @Column(name = "experimental_model", nullable = false)
    private String experimentalModel;

    @Column(name = "baseline_model")
    private String baselineModel;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private int[] layers;

    @Column(name = "layer_pairs", nullable = false)
    private String layerPairs;

    @Column(nullable = false)
    private String pooling;

    @Column(name = "units_total", nullable = false)
    private int unitsTotal;

    @Column(name = "units_done", nullable = false)
    private int unitsDone;

    private String failure;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Experiment() {
    }

    public Experiment(UUID id, String name, String definition, String experimentalModel, String baselineModel,
            int[] layers, String layerPairs, String pooling, int unitsTotal, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.status = ExperimentStatus.PENDING;
        this.definition = definition;
        this.experimentalModel = experimentalModel;
        this.baselineModel = baselineModel;
        this.layers = layers.clone();
        this.layerPairs = layerPairs;
        this.pooling = pooling;
        this.unitsTotal = unitsTotal;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ExperimentStatus getStatus() {
        return status;
    }

    public String getDefinition() {
        return definition;
    }

    public String getExperimentalModel() {
        return experimentalModel;
    }

    public String getBaselineModel() {
        return baselineModel;
    }

    public int[] getLayers() {
        return layers.clone();
    }

    public String getLayerPairs() {
        return layerPairs;
    }

    public String getPooling() {
        return pooling;
    }

    public int getUnitsTotal() {
        return unitsTotal;
    }

    public int getUnitsDone() {
        return unitsDone;
    }

    public String getFailure() {
        return failure;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
