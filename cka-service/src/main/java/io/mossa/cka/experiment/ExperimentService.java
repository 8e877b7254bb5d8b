package io.mossa.cka.experiment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.experiment.ExperimentApi.CreateExperimentRequest;
import io.mossa.cka.experiment.ExperimentApi.ExperimentView;
import io.mossa.cka.experiment.ExperimentApi.LayerValue;
import io.mossa.cka.experiment.ExperimentApi.Progress;
import io.mossa.cka.experiment.ExperimentApi.Result;
import io.mossa.cka.experiment.ExperimentApi.ResultsView;
import io.mossa.cka.experiment.ExperimentApi.TaskRequest;
import io.mossa.cka.experiment.ExperimentApi.TaskView;
import io.mossa.web.problem.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/** Creates experiments (with their tasks and work units) and reads their status and results. */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private final EntityManager em;
    private final JsonMapper json = JsonMapper.builder().build();

    public ExperimentService(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public ExperimentView create(CreateExperimentRequest request) {
        CreateExperimentRequest def = request.withDefaults();
        checkUnique(def);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int[] layers = def.layers().stream().mapToInt(Integer::intValue).toArray();
        Experiment experiment = new Experiment(id, def.name(), json.writeValueAsString(def), def.experimentalModel(),
                def.baselineModel(), layers, def.layerPairs(), def.pooling(), def.tasks().size(), now);
        em.persist(experiment);
        List<TaskRequest> tasks = def.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            TaskRequest t = tasks.get(i);
            ExperimentTask task = new ExperimentTask(UUID.randomUUID(), id, i, t.name(), t.cluster(), t.controlModel(),
                    t.prompts());
            em.persist(task);
            em.persist(new WorkUnit(UUID.randomUUID(), id, task.getId(), i, now));
        }
        em.flush();
        log.info("experiment {} '{}' created: {} task(s), layers {}, pairing {}", id, def.name(), tasks.size(),
                def.layers(), def.layerPairs());
        return view(experiment, taskViews(List.of(id)).getOrDefault(id, List.of()));
    }

    /** Rules that bean validation cannot express; the problem names the field like the validation errors do. */
    private static void checkUnique(CreateExperimentRequest def) {
        Set<Integer> layers = new HashSet<>();
        for (int i = 0; i < def.layers().size(); i++) {
            if (!layers.add(def.layers().get(i))) {
                throw invalid("layers[" + i + "]", "duplicate layer " + def.layers().get(i));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < def.tasks().size(); i++) {
            if (!names.add(def.tasks().get(i).name())) {
                throw invalid("tasks[" + i + "].name", "duplicate task name '" + def.tasks().get(i).name() + "'");
            }
        }
    }

    private static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest(field + ": " + message)
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }

    @Transactional(readOnly = true)
    public ExperimentView get(String id) {
        Experiment experiment = find(id);
        return view(experiment, taskViews(List.of(experiment.getId())).getOrDefault(experiment.getId(), List.of()));
    }

    @Transactional(readOnly = true)
    public List<ExperimentView> list(ExperimentStatus status, int limit) {
        String jpql = "select e from Experiment e" + (status == null ? "" : " where e.status = :status")
                + " order by e.createdAt desc, e.id";
        var query = em.createQuery(jpql, Experiment.class).setMaxResults(limit);
        if (status != null) {
            query.setParameter("status", status);
        }
        List<Experiment> experiments = query.getResultList();
        Map<UUID, List<TaskView>> tasks = taskViews(experiments.stream().map(Experiment::getId).toList());
        return experiments.stream().map(e -> view(e, tasks.getOrDefault(e.getId(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public ResultsView results(String id) {
        Experiment experiment = find(id);
        Map<UUID, Integer> ordinals = new HashMap<>();
        em.createQuery("select t.id, t.ordinal from ExperimentTask t where t.experimentId = :id", Object[].class)
                .setParameter("id", experiment.getId())
                .getResultList()
                .forEach(row -> ordinals.put((UUID) row[0], (Integer) row[1]));
        List<SimilarityMatrix> matrices = new ArrayList<>(em.createQuery(
                        "select m from SimilarityMatrix m where m.experimentId = :id", SimilarityMatrix.class)
                .setParameter("id", experiment.getId())
                .getResultList());
        matrices.sort(Comparator.<SimilarityMatrix>comparingInt(m -> ordinals.getOrDefault(m.getTaskId(), Integer.MAX_VALUE))
                .thenComparing(m -> SimilarityMatrix.EXPERIMENTAL.equals(m.getComparison()) ? 0 : 1));
        return new ResultsView(experiment.getId(), experiment.getStatus(),
                matrices.stream().map(ExperimentService::result).toList());
    }

    static Result result(SimilarityMatrix m) {
        int[] lx = m.getLayersX();
        int[] ly = m.getLayersY();
        double[] values = m.getValues();
        List<LayerValue> pairs = new ArrayList<>(values.length);
        if ("same".equals(m.getPairing())) {
            for (int i = 0; i < values.length; i++) {
                pairs.add(new LayerValue(lx[i], ly[i], values[i]));
            }
        } else {
            for (int i = 0; i < lx.length; i++) {
                for (int j = 0; j < ly.length; j++) {
                    pairs.add(new LayerValue(lx[i], ly[j], values[i * ly.length + j]));
                }
            }
        }
        return new Result(m.getTask(), m.getCluster(), m.getComparison(), m.getModelX(), m.getModelY(), m.getN(),
                m.getKernel(), m.getEstimator(), m.getPairing(), pairs);
    }

    private Experiment find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no experiment with id '" + id + "' (not a UUID)");
        }
        Experiment experiment = em.find(Experiment.class, uuid);
        if (experiment == null) {
            throw ApiProblem.notFound("no experiment with id '" + id + "'");
        }
        return experiment;
    }

    private Map<UUID, List<TaskView>> taskViews(List<UUID> experimentIds) {
        Map<UUID, List<TaskView>> views = new LinkedHashMap<>();
        if (experimentIds.isEmpty()) {
            return views;
        }
        em.createQuery("select t.experimentId, t.name, t.cluster, t.controlModel, t.n from ExperimentTask t"
                        + " where t.experimentId in :ids order by t.ordinal", Object[].class)
                .setParameter("ids", experimentIds)
                .getResultList()
                .forEach(row -> views.computeIfAbsent((UUID) row[0], k -> new ArrayList<>())
                        .add(new TaskView((String) row[1], (String) row[2], (String) row[3], (Integer) row[4])));
        return views;
    }

    private static ExperimentView view(Experiment e, List<TaskView> tasks) {
        return new ExperimentView(e.getId(), e.getName(), e.getStatus(), e.getExperimentalModel(), e.getBaselineModel(),
                Arrays.stream(e.getLayers()).boxed().toList(), e.getLayerPairs(), e.getPooling(), tasks,
                new Progress(e.getUnitsDone(), e.getUnitsTotal()), e.getFailure(), e.getCreatedAt(), e.getStartedAt(),
                e.getFinishedAt());
    }
}
