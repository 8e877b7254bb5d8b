package io.mossa.cka.experiment;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.mossa.contract.WireName;
import io.mossa.contract.experiment.Access;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.experiment.Pooling;
import io.mossa.contract.experiment.PromptFormat;
import io.mossa.contract.experiment.Sampling;
import io.mossa.contract.experiment.SamplingMethod;
import io.mossa.contract.experiment.TaskSetRef;
import io.mossa.contract.experiment.Visibility;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.Statistics;

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

    /** The choice of examples (V12): null for every example. */
    @Column(name = "examples_per_task")
    private Integer examplesPerTask;

    @Column(name = "sampling_method")
    private String samplingMethod;

    @Column(name = "sampling_seed")
    private Long samplingSeed;

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
    Experiment(UUID id, ExperimentPlan def, String definition, String submittedDefinition, String requestHash,
            Instant createdAt) {
        this.id = id;
        this.name = def.name();
        this.status = ExperimentStatus.PENDING;
        this.definition = definition;
        this.experimentalModel = def.models().experimental();
        this.baselineModel = def.models().baseline();
        this.layers = def.layers().indices().stream().mapToInt(Integer::intValue).toArray();
        this.layerPairs = def.layers().pairing().wire();
        this.pooling = def.layers().pooling().wire();
        this.unitsTotal = def.tasks().size();
        this.createdAt = createdAt;
        this.kernel = def.measure().kernel().wire();
        this.rbfThreshold = def.measure().rbfThreshold();
        this.degree = def.measure().degree();
        this.coef0 = def.measure().coef0();
        this.estimator = def.measure().estimator().wire();
        this.permutations = def.statistics().permutations();
        this.bootstrap = def.statistics().bootstrap();
        this.confidence = def.statistics().confidence();
        this.seed = def.statistics().seed();
        this.chatTemplate = def.promptFormat().usesChatTemplate();
        this.systemPrompt = def.promptFormat().systemPrompt();
        this.taskSetId = def.taskSet().id();
        this.taskSetVersion = def.taskSet().version();
        this.examplesPerTask = def.taskSet().examplesPerTask();
        if (def.taskSet().sampling() != null) {
            // as TaskSetRef.withDefaults left it: a seed for the random method only
            Sampling sampling = def.taskSet().sampling();
            this.samplingMethod = sampling.method().wire();
            this.samplingSeed = sampling.seed();
        }
        this.owner = def.access().owner();
        this.visibility = def.access().visibility().wire();
        this.idempotencyKey = def.idempotencyKey();
        this.requestHash = def.idempotencyKey() == null ? null : requestHash;
        this.runs = 1;
        this.submittedDefinition = submittedDefinition;
    }

    public Models models() {
        return new Models(experimentalModel, baselineModel);
    }

    public LayerSelection layerSelection() {
        return new LayerSelection(Arrays.stream(layers).boxed().toList(), wire(LayerPairing.class, layerPairs),
                wire(Pooling.class, pooling));
    }

    /** The measure this experiment computes, as accepted (defaults filled in). */
    public CkaMeasure measure() {
        return new CkaMeasure(wire(KernelType.class, kernel), wire(EstimatorType.class, estimator), rbfThreshold,
                degree, coef0);
    }

    public Statistics statistics() {
        return new Statistics(permutations, bootstrap, confidence, seed);
    }

    public PromptFormat promptFormat() {
        return new PromptFormat(chatTemplate, systemPrompt);
    }

    public TaskSetRef taskSet() {
        Sampling sampling = samplingMethod == null ? null
                : new Sampling(wire(SamplingMethod.class, samplingMethod), samplingSeed);
        return new TaskSetRef(taskSetId, taskSetVersion, examplesPerTask, sampling);
    }

    public Access access() {
        return new Access(owner, wire(Visibility.class, visibility));
    }

    /** A stored wire name as its constant; the database's CHECK constraints admit no other. */
    private static <E extends Enum<E> & WireName> E wire(Class<E> type, String value) {
        return WireName.find(type, value).orElseThrow(() -> new IllegalStateException(
                "stored " + type.getSimpleName() + " '" + value + "' is not in the contract"));
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
