package io.mossa.cka.runner;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.experiment.Experiment;
import io.mossa.cka.experiment.ExperimentTask;
import io.mossa.cka.experiment.SimilarityMatrix;
import io.mossa.cka.extractor.PromptFormat;
import io.mossa.cka.taskset.TaskSetExamples;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;

/**
 * The work-unit state machine in the database. Claims use {@code FOR UPDATE SKIP LOCKED}, so any number of
 * workers in any number of replicas can share the queue; every later transition checks that this worker
 * still holds the lease.
 */
@Component
public class UnitStore {

    private static final Logger log = LoggerFactory.getLogger(UnitStore.class);

    private final JdbcClient jdbc;
    private final EntityManager em;
    private final TaskSetExamples examples;

    public UnitStore(DataSource dataSource, EntityManager em, TaskSetExamples examples) {
        this.jdbc = JdbcClient.create(dataSource);
        this.em = em;
        this.examples = examples;
    }

    /**
     * Claims the oldest experiment's next PENDING unit, or a RUNNING one whose lease expired, and marks the
     * experiment RUNNING. Units of FAILED, SUCCEEDED or CANCELLED experiments are never claimed.
     */
    @Transactional
    public Optional<ClaimedUnit> claim(String worker, int leaseSeconds) {
        Optional<ClaimedUnit> unit = jdbc.sql("""
                        UPDATE cka.work_unit w
                           SET state = 'RUNNING', leased_by = :worker,
                               leased_until = now() + make_interval(secs => :lease),
                               attempts = w.attempts + 1, updated_at = now()
                          FROM (SELECT u.id, u.state AS previous_state, u.updated_at AS queued_since
                                  FROM cka.work_unit u JOIN cka.experiment e ON e.id = u.experiment_id
                                 WHERE e.status IN ('PENDING', 'RUNNING')
                                   AND (u.state = 'PENDING' OR (u.state = 'RUNNING' AND u.leased_until < now()))
                                   AND (u.not_before IS NULL OR u.not_before <= now())
                                 ORDER BY e.created_at, e.id, u.ordinal
                                 LIMIT 1
                                 FOR UPDATE OF u SKIP LOCKED) c
                         WHERE w.id = c.id
                        RETURNING w.id, w.experiment_id, w.task_id, w.attempts,
                                  CASE WHEN c.previous_state = 'PENDING'
                                       THEN (extract(epoch FROM now() - c.queued_since) * 1000)::bigint
                                       ELSE -1 END AS queued_millis
                        """)
                .param("worker", worker)
                .param("lease", leaseSeconds)
                .query((rs, i) -> new ClaimedUnit(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                        rs.getObject("task_id", UUID.class), rs.getInt("attempts"), worker, rs.getLong("queued_millis")))
                .optional();
        unit.ifPresent(u -> jdbc.sql("""
                        UPDATE cka.experiment SET status = 'RUNNING', started_at = coalesce(started_at, now())
                         WHERE id = :id AND status = 'PENDING'
                        """)
                .param("id", u.experimentId())
                .update());
        return unit;
    }

    /**
     * Extends the lease; false when the unit is no longer this worker's (lease expired and taken, or finished). A
     * unit cancelled while it runs stays this worker's, so that its result is still stored when it finishes.
     */
    public boolean renew(ClaimedUnit unit, int leaseSeconds) {
        return jdbc.sql("""
                        UPDATE cka.work_unit SET leased_until = now() + make_interval(secs => :lease),
                               updated_at = now()
                         WHERE id = :id AND leased_by = :worker AND state IN ('RUNNING', 'CANCELLED')
                        """)
                .param("lease", leaseSeconds)
                .param("id", unit.id())
                .param("worker", unit.worker())
                .update() == 1;
    }

    /**
     * In one transaction: stores the unit's similarity matrices, marks it DONE, counts it in the experiment
     * and marks the experiment SUCCEEDED when it was the last one. A unit cancelled while it ran is stored and
     * counted too (nothing computed is lost), but its experiment stays CANCELLED. Returns false (and writes
     * nothing) when the lease was lost.
     */
    @Transactional
    public boolean complete(ClaimedUnit unit, List<SimilarityMatrix> matrices) {
        if (lockIfHeld(unit) == Hold.LOST) {
            return false;
        }
        for (SimilarityMatrix matrix : matrices) {
            em.persist(matrix);
        }
        em.flush();
        jdbc.sql("""
                        UPDATE cka.work_unit SET state = 'DONE', leased_until = NULL, error = NULL, not_before = NULL,
                               outage_since = NULL, updated_at = now()
                         WHERE id = :id
                        """)
                .param("id", unit.id())
                .update();
        // PENDING too: a re-run may leave only a unit whose worker kept its lease through the cancel
        jdbc.sql("""
                        UPDATE cka.experiment
                           SET units_done = units_done + 1,
                               status = CASE WHEN status IN ('PENDING', 'RUNNING') AND units_done + 1 >= units_total
                                             THEN 'SUCCEEDED' ELSE status END,
                               started_at = CASE WHEN status IN ('PENDING', 'RUNNING')
                                                 THEN coalesce(started_at, now()) ELSE started_at END,
                               finished_at = CASE WHEN status IN ('PENDING', 'RUNNING') AND units_done + 1 >= units_total
                                                  THEN now() ELSE finished_at END
                         WHERE id = :id
                        """)
                .param("id", unit.experimentId())
                .update();
        return true;
    }

    /**
     * Gives the unit back for a later try, {@code delay} from now, because the extractor was unavailable; the
     * experiment stays RUNNING. Returns false (and changes nothing) when the unit is no longer this worker's or
     * when the outage, counted from this unit's first deferral, would outlast {@code outageTimeout}: the caller
     * then fails the unit instead. The claim that found the outage does not count as an attempt.
     */
    @Transactional
    public boolean defer(ClaimedUnit unit, String reason, Duration delay, Duration outageTimeout) {
        if (lockIfHeld(unit) != Hold.RUNNING) {
            // lost, or cancelled (fail() then lets the cancelled unit go)
            return false;
        }
        return jdbc.sql("""
                        UPDATE cka.work_unit
                           SET state = 'PENDING', leased_by = NULL, leased_until = NULL,
                               attempts = greatest(attempts - 1, 0), error = :reason,
                               not_before = now() + make_interval(secs => :delay),
                               outage_since = coalesce(outage_since, now()), updated_at = now()
                         WHERE id = :id
                           AND coalesce(outage_since, now()) + make_interval(secs => :timeout)
                               > now() + make_interval(secs => :delay)
                        """)
                .param("reason", reason)
                .param("delay", delay.toMillis() / 1000.0)
                .param("timeout", outageTimeout.toMillis() / 1000.0)
                .param("id", unit.id())
                .update() == 1;
    }

    /**
     * Marks the unit FAILED and its experiment FAILED with {@code reason} (the first failure is kept). A unit
     * cancelled while it ran stays CANCELLED (with the reason as its error) and fails nothing; returns false then.
     */
    @Transactional
    public boolean fail(ClaimedUnit unit, String reason) {
        Hold hold = lockIfHeld(unit);
        if (hold == Hold.LOST) {
            return false;
        }
        if (hold == Hold.CANCELLED) {
            jdbc.sql("""
                            UPDATE cka.work_unit SET leased_until = NULL, error = :reason, updated_at = now()
                             WHERE id = :id
                            """)
                    .param("reason", reason)
                    .param("id", unit.id())
                    .update();
            log.info("work unit {} of a cancelled experiment stopped: {}", unit.id(), reason);
            return false;
        }
        jdbc.sql("""
                        UPDATE cka.work_unit SET state = 'FAILED', leased_until = NULL, error = :reason, updated_at = now()
                         WHERE id = :id
                        """)
                .param("reason", reason)
                .param("id", unit.id())
                .update();
        jdbc.sql("""
                        UPDATE cka.experiment SET status = 'FAILED', failure = :reason, finished_at = now()
                         WHERE id = :id AND status IN ('PENDING', 'RUNNING')
                        """)
                .param("reason", reason)
                .param("id", unit.experimentId())
                .update();
        return true;
    }

    /**
     * Gives the unit back (worker shutting down): PENDING again, the attempt not counted; a cancelled unit stays
     * CANCELLED and only loses its lease.
     */
    @Transactional
    public void release(ClaimedUnit unit) {
        int n = jdbc.sql("""
                        UPDATE cka.work_unit
                           SET state = CASE WHEN state = 'RUNNING' THEN 'PENDING' ELSE state END,
                               leased_by = NULL, leased_until = NULL,
                               attempts = CASE WHEN state = 'RUNNING' THEN greatest(attempts - 1, 0) ELSE attempts END,
                               updated_at = now()
                         WHERE id = :id AND leased_by = :worker AND state IN ('RUNNING', 'CANCELLED')
                        """)
                .param("id", unit.id())
                .param("worker", unit.worker())
                .update();
        if (n == 1) {
            log.info("released work unit {} for another worker", unit.id());
        }
    }

    /**
     * What a worker needs to run the unit, read in one transaction: a task that refers to its task set's examples
     * reads and renders the chosen ones here (one task's prompts, at most 10,000).
     */
    @Transactional(readOnly = true)
    public UnitWork load(ClaimedUnit unit) {
        Experiment experiment = em.find(Experiment.class, unit.experimentId());
        ExperimentTask task = em.find(ExperimentTask.class, unit.taskId());
        if (experiment == null || task == null) {
            throw new IllegalStateException("work unit " + unit.id() + " has no experiment or task");
        }
        return new UnitWork(experiment.getId(), experiment.getExperimentalModel(), experiment.getBaselineModel(),
                experiment.layerSelection(), experiment.measure(), experiment.statistics(),
                new PromptFormat(experiment.promptFormat().usesChatTemplate(), experiment.promptFormat().systemPrompt()), task.getId(),
                task.getName(), task.getCluster(), task.getControlModel(), task.getPrompts() != null
                        ? task.getPrompts() : examples.prompts(experiment.taskSet(), task.getName()));
    }

    /**
     * @param measure    the kernel and estimator of the experiment
     * @param statistics its resampling statistics
     * @param format     how the extractor formats the prompts
     */
    public record UnitWork(UUID experimentId, String experimentalModel, String baselineModel, LayerSelection layers,
            CkaMeasure measure, Statistics statistics, PromptFormat format, UUID taskId, String task,
            String cluster, String controlModel, List<String> prompts) {
    }

    /** Whether this worker still holds the unit, and whether it was cancelled meanwhile. */
    private enum Hold {
        RUNNING, CANCELLED, LOST
    }

    /** Locks the unit's row (before its experiment's, the order every transition here and in cancel uses). */
    private Hold lockIfHeld(ClaimedUnit unit) {
        Optional<Hold> hold = jdbc.sql("""
                        SELECT state FROM cka.work_unit
                         WHERE id = :id AND leased_by = :worker AND state IN ('RUNNING', 'CANCELLED')
                           FOR UPDATE
                        """)
                .param("id", unit.id())
                .param("worker", unit.worker())
                .query((rs, i) -> Hold.valueOf(rs.getString("state")))
                .optional();
        if (hold.isEmpty()) {
            unit.markLost();
            log.warn("work unit {} is no longer leased to {}; its result is discarded", unit.id(), unit.worker());
            return Hold.LOST;
        }
        return hold.get();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
