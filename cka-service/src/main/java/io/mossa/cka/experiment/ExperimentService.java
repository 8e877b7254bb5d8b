package io.mossa.cka.experiment;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.experiment.ExperimentApi.ExperimentList;
import io.mossa.cka.experiment.ExperimentApi.LayerValue;
import io.mossa.cka.experiment.ExperimentApi.Result;
import io.mossa.cka.experiment.ExperimentApi.ResultsView;
import io.mossa.cka.webhook.SubscriptionRules;
import io.mossa.cka.webhook.SubscriptionStore;
import io.mossa.cka.webhook.WebhookApi.CreatedWebhook;
import io.mossa.contract.Conflict;
import io.mossa.contract.NotFound;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.ExperimentView.Progress;
import io.mossa.contract.experiment.ExperimentView.TaskSummary;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.PlannedTask;
import io.mossa.contract.experiment.Visibility;
import io.mossa.contract.webhook.ExperimentWebhook;
import io.mossa.contract.webhook.WebhookTarget;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Creates experiments (with their tasks and work units) and reads their status and results. */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private final EntityManager em;
    private final JdbcClient jdbc;
    private final ExperimentRules rules;
    private final SubscriptionStore subscriptions;
    private final JsonMapper json = JsonMapper.builder().build();

    public ExperimentService(EntityManager em, DataSource dataSource, ExperimentRules rules,
            SubscriptionStore subscriptions) {
        this.em = em;
        this.jdbc = JdbcClient.create(dataSource);
        this.rules = rules;
        this.subscriptions = subscriptions;
    }

    /** @param created false when an idempotent repeat found the experiment of an earlier, identical request */
    public record Submission(ExperimentView view, boolean created) {
    }

    /**
     * Stores the experiment with one PENDING work unit per task. With an idempotency key, submissions of the same
     * (owner, key) are serialised by a transaction-scoped advisory lock, so a concurrent repeat finds the first
     * experiment instead of failing on the unique index. The definition's webhooks are created in the same
     * transaction (so they see every event), and their secrets are answered this once.
     */
    @Transactional
    public Submission create(ExperimentPlan request) {
        List<Integer> sizes = rules.check(request);
        ExperimentPlan def = request.withDefaults();
        String hash = def.idempotencyKey() == null ? null : requestHash(def);
        if (def.idempotencyKey() != null) {
            String lockKey = (def.access().owner() == null ? "-" : "+" + def.access().owner()) + "/" + def.idempotencyKey();
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").param("key", lockKey)
                    .query((rs, i) -> 0).list();
            Experiment earlier = findByIdempotencyKey(def.access().owner(), def.idempotencyKey());
            if (earlier != null) {
                if (!earlier.getRequestHash().equals(hash)) {
                    throw new Conflict("Idempotency-Key: '" + def.idempotencyKey() + "' was used for another "
                                    + "request (experiment " + earlier.getId() + "); use a new key for a new "
                                    + "experiment")
                            .with("errors", List.of(Map.of("field", "Idempotency-Key",
                                    "message", "already used for a different request")))
                            .with("experimentId", earlier.getId().toString());
                }
                log.info("experiment {} returned again for idempotency key '{}'", earlier.getId(),
                        def.idempotencyKey());
                return new Submission(view(earlier, taskViews(List.of(earlier.getId())).getOrDefault(earlier.getId(),
                        List.of())), false);
            }
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Experiment experiment = new Experiment(id, def, json.writeValueAsString(def),
                def.definition() == null ? null : json.writeValueAsString(def.definition()), hash, now);
        em.persist(experiment);
        List<PlannedTask> tasks = def.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            PlannedTask t = tasks.get(i);
            ExperimentTask task = new ExperimentTask(UUID.randomUUID(), id, i, t.name(), t.cluster(), t.controlModel(),
                    t.prompts(), sizes.get(i), t.isHeldOut(), t.split());
            em.persist(task);
            em.persist(new WorkUnit(UUID.randomUUID(), id, task.getId(), i, now));
        }
        em.flush();
        List<ExperimentWebhook> webhooks = new ArrayList<>();
        for (WebhookTarget target : def.webhooks()) {
            CreatedWebhook created = subscriptions.create(def.access().owner(),
                    new SubscriptionRules.Valid(URI.create(target.url().strip()), List.copyOf(new LinkedHashSet<>(
                            target.events()))), id);
            webhooks.add(new ExperimentWebhook(created.id(), created.url(), created.events(), created.secret()));
        }
        log.info("experiment {} '{}' created: {} task(s), layers {}, pairing {}, {} {} CKA, {} permutation(s), "
                        + "{} bootstrap resample(s), owner {}", id, def.name(), tasks.size(), def.layers().indices(),
                def.layers().pairing().wire(), def.measure().kernel().wire(), def.measure().estimator().wire(),
                def.statistics().permutations(), def.statistics().bootstrap(), def.access().owner());
        return new Submission(view(experiment, taskViews(List.of(id)).getOrDefault(id, List.of()))
                .withWebhooks(webhooks.isEmpty() ? null : webhooks), true);
    }

    private Experiment findByIdempotencyKey(String owner, String key) {
        String jpql = "select e from Experiment e where e.idempotencyKey = :key and "
                + (owner == null ? "e.owner is null" : "e.owner = :owner");
        var query = em.createQuery(jpql, Experiment.class).setParameter("key", key);
        if (owner != null) {
            query.setParameter("owner", owner);
        }
        return query.getResultStream().findFirst().orElse(null);
    }

    /** SHA-256 of the request as accepted, as JSON with the keys of every object sorted (key order is no change). */
    private String requestHash(ExperimentPlan def) {
        Object canonical = sorted(json.convertValue(def, Object.class));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ExperimentService::sorted).toList();
        }
        return value;
    }

    /**
     * The definition as the client submitted it; inline tasks' prompts only when asked for.
     *
     * @throws NotFound for an unknown experiment or one submitted before definitions were kept
     */
    @Transactional(readOnly = true)
    public JsonNode definition(String id, boolean withPrompts) {
        Experiment experiment = find(id);
        if (experiment.getSubmittedDefinition() == null) {
            throw new NotFound("experiment '" + id + "' was submitted without a definition (before they were kept)");
        }
        JsonNode definition = json.readTree(experiment.getSubmittedDefinition());
        if (!withPrompts && definition.get("tasks") instanceof ArrayNode tasks) {
            tasks.forEach(task -> {
                if (task instanceof ObjectNode object) {
                    object.remove("prompts");
                }
            });
        }
        return definition;
    }

    @Transactional(readOnly = true)
    public ExperimentView get(String id) {
        Experiment experiment = find(id);
        return view(experiment, taskViews(List.of(experiment.getId())).getOrDefault(experiment.getId(), List.of()));
    }

    /**
     * One page of experiments, newest first.
     *
     * @param status     only this status, or null
     * @param model      only experiments in which this model is the experimental, baseline or a control model, or null
     * @param readableBy null: all; otherwise public experiments and those this owner submitted ("" = public only)
     * @param cursor     where the previous page ended, or null for the first page
     */
    @Transactional(readOnly = true)
    public ExperimentList list(ExperimentStatus status, String model, String readableBy, int limit,
            ExperimentCursor cursor) {
        StringBuilder jpql = new StringBuilder("select e from Experiment e where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            jpql.append(" and e.status = :status");
            params.put("status", status);
        }
        if (model != null) {
            jpql.append(" and (e.experimentalModel = :model or e.baselineModel = :model or exists (select 1 from "
                    + "ExperimentTask t where t.experimentId = e.id and t.controlModel = :model))");
            params.put("model", model);
        }
        if (readableBy != null) {
            // Access.readableBy as a query: public experiments, and the reader's own
            params.put("public", Visibility.PUBLIC.wire());
            if (readableBy.isEmpty()) {
                jpql.append(" and e.visibility = :public");
            } else {
                jpql.append(" and (e.visibility = :public or e.owner = :reader)");
                params.put("reader", readableBy);
            }
        }
        if (cursor != null) {
            jpql.append(" and (e.createdAt < :after or (e.createdAt = :after and e.id > :afterId))");
            params.put("after", cursor.createdAt());
            params.put("afterId", cursor.id());
        }
        jpql.append(" order by e.createdAt desc, e.id");
        var query = em.createQuery(jpql.toString(), Experiment.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        List<Experiment> experiments = new ArrayList<>(query.getResultList());
        String next = null;
        if (experiments.size() > limit) {
            experiments = experiments.subList(0, limit);
            next = ExperimentCursor.after(experiments.get(limit - 1)).encode();
        }
        // without tasks: an item stays small whatever the experiment's size
        return new ExperimentList(experiments.stream().map(e -> view(e, null)).toList(), next);
    }

    /**
     * @param readableBy null: any experiment; otherwise a private experiment not submitted by this owner ("" = no
     *                   owner) answers 404 like an unknown id, so that the gateway needs one call, not two
     */
    @Transactional(readOnly = true)
    public ResultsView results(String id, String readableBy) {
        Experiment experiment = find(id);
        if (readableBy != null && !experiment.access().readableBy(readableBy, false)) {
            throw new NotFound("no experiment with id '" + id + "'");
        }
        // the tasks' flags only: their prompts (up to 10,000 per task) are not needed here
        Map<UUID, TaskFlags> tasks = new HashMap<>();
        em.createQuery("select t.id, t.ordinal, t.heldOut, t.split from ExperimentTask t where t.experimentId = :id",
                        Object[].class)
                .setParameter("id", experiment.getId())
                .getResultList()
                .forEach(row -> tasks.put((UUID) row[0], new TaskFlags((Integer) row[1], (Boolean) row[2],
                        (String) row[3])));
        List<SimilarityMatrix> matrices = new ArrayList<>(em.createQuery(
                        "select m from SimilarityMatrix m where m.experimentId = :id", SimilarityMatrix.class)
                .setParameter("id", experiment.getId())
                .getResultList());
        matrices.sort(Comparator.<SimilarityMatrix>comparingInt(m -> tasks.containsKey(m.getTaskId())
                        ? tasks.get(m.getTaskId()).ordinal() : Integer.MAX_VALUE)
                .thenComparing(m -> SimilarityMatrix.EXPERIMENTAL.equals(m.getComparison()) ? 0 : 1));
        return new ResultsView(experiment.getId(), experiment.getStatus(),
                matrices.stream().map(m -> result(m, tasks.get(m.getTaskId()))).toList());
    }

    private record TaskFlags(int ordinal, boolean heldOut, String split) {
    }

    private static Result result(SimilarityMatrix m, TaskFlags task) {
        int[] lx = m.getLayersX();
        int[] ly = m.getLayersY();
        double[] values = m.getValues();
        double[] p = m.getPValues();
        double[] low = m.getCiLow();
        double[] high = m.getCiHigh();
        List<LayerValue> pairs = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            // 'same': entry i pairs layer i with layer i; 'all': row-major over layers_x x layers_y
            boolean same = m.getPairing() == LayerPairing.SAME;
            int x = same ? lx[i] : lx[i / ly.length];
            int y = same ? ly[i] : ly[i % ly.length];
            pairs.add(new LayerValue(x, y, values[i], p == null ? null : p[i], low == null ? null : low[i],
                    high == null ? null : high[i]));
        }
        return new Result(m.getTask(), m.getCluster(), task != null && task.heldOut(),
                task == null ? null : task.split(), m.getComparison(), m.getModelX(), m.getModelY(), m.getN(),
                m.getKernel(), m.getEstimator(), m.getPairing(), pairs);
    }

    Experiment find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("no experiment with id '" + id + "' (not a UUID)");
        }
        Experiment experiment = em.find(Experiment.class, uuid);
        if (experiment == null) {
            throw new NotFound("no experiment with id '" + id + "'");
        }
        return experiment;
    }

    private Map<UUID, List<TaskSummary>> taskViews(List<UUID> experimentIds) {
        Map<UUID, List<TaskSummary>> views = new LinkedHashMap<>();
        if (experimentIds.isEmpty()) {
            return views;
        }
        em.createQuery("select t.experimentId, t.name, t.cluster, t.controlModel, t.n, t.heldOut, t.split"
                        + " from ExperimentTask t where t.experimentId in :ids order by t.ordinal", Object[].class)
                .setParameter("ids", experimentIds)
                .getResultList()
                .forEach(row -> views.computeIfAbsent((UUID) row[0], k -> new ArrayList<>())
                        .add(new TaskSummary((String) row[1], (String) row[2], (String) row[3], (Integer) row[4],
                                (Boolean) row[5], (String) row[6])));
        return views;
    }

    /** @param tasks null for a list's item */
    private ExperimentView view(Experiment e, List<TaskSummary> tasks) {
        return new ExperimentView(e.getId(), e.getName(), e.getStatus(), e.models(), e.layerSelection(), tasks,
                new Progress(e.getUnitsDone(), e.getUnitsTotal()), e.getFailure(), e.getCreatedAt(), e.getStartedAt(),
                e.getFinishedAt(), e.measure(), e.statistics(), e.promptFormat(), e.taskSet(), e.access(), e.getRuns(),
                null);
    }
}
