package io.mossa.cka.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.mossa.contract.WireName;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.MeasureType;

/**
 * The values of one measure on one (experiment, task, comparison). LayerPairing {@code same}: {@code values[i]} is
 * m(layersX[i], layersY[i]); pairing {@code all}: {@code values[i * layersY.length + j]} is m(layersX[i], layersY[j]).
 * Kernel and estimator are CKA's, null for the other measures.
 */
@Entity
@Table(name = "similarity_matrix")
public class SimilarityMatrix {

    public static final String EXPERIMENTAL = "experimental";
    public static final String BASELINE = "baseline";

    @Id
    private UUID id;

    @Column(name = "experiment_id", nullable = false)
    private UUID experimentId;

    @Column(name = "task_id", nullable = false)
    private UUID taskId;

    @Column(nullable = false)
    private String task;

    @Column(nullable = false)
    private String cluster;

    @Column(nullable = false)
    private String comparison;

    @Column(name = "model_x", nullable = false)
    private String modelX;

    @Column(name = "model_y", nullable = false)
    private String modelY;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "layers_x", nullable = false)
    private int[] layersX;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "layers_y", nullable = false)
    private int[] layersY;

    @Column(nullable = false)
    private String pairing;

    @Column(nullable = false)
    private int n;

    @Column(nullable = false)
    private String measure;

    private String kernel;

    private String estimator;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "`values`", nullable = false)
    private double[] values;

    /** Permutation-test p-values laid out like {@code values}, or null. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "p_values")
    private double[] pValues;

    /** Lower and upper interval bounds laid out like {@code values}, or null. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ci_low")
    private double[] ciLow;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ci_high")
    private double[] ciHigh;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SimilarityMatrix() {
    }

    public SimilarityMatrix(UUID id, UUID experimentId, UUID taskId, String task, String cluster, String comparison,
            String modelX, String modelY, int[] layersX, int[] layersY, String pairing, int n, MeasureType measure,
            KernelType kernel, EstimatorType estimator, double[] values, double[] pValues, double[] ciLow, double[] ciHigh, Instant createdAt) {
        this.id = id;
        this.experimentId = experimentId;
        this.taskId = taskId;
        this.task = task;
        this.cluster = cluster;
        this.comparison = comparison;
        this.modelX = modelX;
        this.modelY = modelY;
        this.layersX = layersX.clone();
        this.layersY = layersY.clone();
        this.pairing = pairing;
        this.n = n;
        this.measure = measure.wire();
        this.kernel = kernel == null ? null : kernel.wire();
        this.estimator = estimator == null ? null : estimator.wire();
        this.values = values.clone();
        this.pValues = pValues == null ? null : pValues.clone();
        this.ciLow = ciLow == null ? null : ciLow.clone();
        this.ciHigh = ciHigh == null ? null : ciHigh.clone();
        this.createdAt = createdAt;
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

    public String getTask() {
        return task;
    }

    public String getCluster() {
        return cluster;
    }

    public String getComparison() {
        return comparison;
    }

    public String getModelX() {
        return modelX;
    }

    public String getModelY() {
        return modelY;
    }

    public int[] getLayersX() {
        return layersX.clone();
    }

    public int[] getLayersY() {
        return layersY.clone();
    }

    public LayerPairing getPairing() {
        return stored(LayerPairing.class, pairing);
    }

    public int getN() {
        return n;
    }

    public MeasureType getMeasure() {
        return stored(MeasureType.class, measure);
    }

    /** CKA's kernel, or null for another measure. */
    public KernelType getKernel() {
        return kernel == null ? null : stored(KernelType.class, kernel);
    }

    /** CKA's estimator, or null for another measure. */
    public EstimatorType getEstimator() {
        return estimator == null ? null : stored(EstimatorType.class, estimator);
    }

    /** A stored wire name as its constant; the database's CHECK constraints admit no other. */
    private static <E extends Enum<E> & WireName> E stored(Class<E> type, String value) {
        return WireName.find(type, value).orElseThrow(() -> new IllegalStateException(
                "stored " + type.getSimpleName() + " '" + value + "' is not in the contract"));
    }

    public double[] getValues() {
        return values.clone();
    }

    public double[] getPValues() {
        return pValues == null ? null : pValues.clone();
    }

    public double[] getCiLow() {
        return ciLow == null ? null : ciLow.clone();
    }

    public double[] getCiHigh() {
        return ciHigh == null ? null : ciHigh.clone();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
