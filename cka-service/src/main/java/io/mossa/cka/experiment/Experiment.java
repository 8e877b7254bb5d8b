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

import io.mossa.cka.similarity.Measure;

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

    @Column(nullable = false)
    private String kernel;

    @Column(name = "rbf_threshold")
    private Double rbfThreshold;

    private Integer degree;

    private Double coef0;

    @Column(nullable = false)
    private String estimator;

    @Column(nullable = false)
    private int permutations;

    @Column(nullable = false)
    private int bootstrap;

    @Column(nullable = false)
    private double confidence;

    @Column(nullable = false)
    private long seed;

    @Column(name = "chat_template", nullable = false)
    private boolean chatTemplate;

    @Column(name = "system_prompt")
    private String systemPrompt;

    @Column(name = "task_set_id")
    private String taskSetId;

    @Column(name = "task_set_version")
    private Integer taskSetVersion;

    private String owner;

    @Column(nullable = false)
    private String visibility;

    @Column(name = "idempotency_key")
    private String idempotencyKey;

    @Column(name = "request_hash")
    private String requestHash;

    @Column(nullable = false)
    private int runs;

    /** The public definition as the user submitted it, JSON text, or null. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "submitted_definition")
    private String submittedDefinition;

    protected Experiment() {
    }

    /**
     * A new PENDING experiment as {@code def} (defaults filled in) asks.
     *
     * @param definition          {@code def} as JSON text
     * @param submittedDefinition the public definition as JSON text, or null
     * @param requestHash         the SHA-256 of the request, kept with its idempotency key
     */
    Experiment(UUID id, ExperimentApi.CreateExperimentRequest def, String definition, String submittedDefinition,
            String requestHash, Instant createdAt) {
        this.id = id;
        this.name = def.name();
        this.status = ExperimentStatus.PENDING;
        this.definition = definition;
        this.experimentalModel = def.experimentalModel();
        this.baselineModel = def.baselineModel();
        this.layers = def.layers().stream().mapToInt(Integer::intValue).toArray();
        this.layerPairs = def.layerPairs();
        this.pooling = def.pooling();
        this.unitsTotal = def.tasks().size();
        this.createdAt = createdAt;
        this.kernel = def.kernel();
        this.rbfThreshold = def.rbfThreshold();
        this.degree = def.degree();
        this.coef0 = def.coef0();
        this.estimator = def.estimator();
        this.permutations = def.permutations();
        this.bootstrap = def.bootstrap();
        this.confidence = def.confidence();
        this.seed = def.seed();
        this.chatTemplate = def.chatTemplate();
        this.systemPrompt = def.systemPrompt();
        this.taskSetId = def.taskSetId();
        this.taskSetVersion = def.taskSetVersion();
        this.owner = def.owner();
        this.visibility = def.visibility();
        this.idempotencyKey = def.idempotencyKey();
        this.requestHash = def.idempotencyKey() == null ? null : requestHash;
        this.runs = 1;
        this.submittedDefinition = submittedDefinition;
    }

    /** The measure and statistics this experiment computes, as the similarity engine takes them. */
    public Measure measure() {
        return new Measure(kernel,
                rbfThreshold == null ? Measure.DEFAULT_RBF_THRESHOLD : rbfThreshold,
                degree == null ? Measure.DEFAULT_DEGREE : degree,
                coef0 == null ? Measure.DEFAULT_COEF0 : coef0,
                estimator, permutations, bootstrap, confidence, seed);
    }

    public String getKernel() {
        return kernel;
    }

    public Double getRbfThreshold() {
        return rbfThreshold;
    }

    public Integer getDegree() {
        return degree;
    }

    public Double getCoef0() {
        return coef0;
    }

    public String getEstimator() {
        return estimator;
    }

    public int getPermutations() {
        return permutations;
    }

    public int getBootstrap() {
        return bootstrap;
    }

    public double getConfidence() {
        return confidence;
    }

    public long getSeed() {
        return seed;
    }

    public boolean isChatTemplate() {
        return chatTemplate;
    }

    public String getSystemPrompt() {
        return systemPrompt;
    }

    public String getTaskSetId() {
        return taskSetId;
    }

    public Integer getTaskSetVersion() {
        return taskSetVersion;
    }

    public String getOwner() {
        return owner;
    }

    public String getVisibility() {
        return visibility;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public int getRuns() {
        return runs;
    }

    public String getSubmittedDefinition() {
        return submittedDefinition;
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
