package io.mossa.cka.experiment;

import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.contract.Conflict;

/**
 * Cancel, delete and re-run, as conditional UPDATEs and DELETEs that cannot race the workers: each statement
 * changes a row only if it is still in the state the transition starts from, and work units are locked before
 * their experiment, the order the workers' own transitions use (see {@code io.mossa.cka.runner.UnitStore}), so
 * the two never deadlock.
 *
 * <p>A worker whose unit is cancelled keeps its lease: the unit's result, if it finishes, is still stored and
 * counted (nothing computed is lost), and the experiment stays CANCELLED.
 */
@Service
public class ExperimentLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExperimentLifecycle.class);

    private final JdbcClient jdbc;
    private final ExperimentService experiments;

    public ExperimentLifecycle(DataSource dataSource, ExperimentService experiments) {
        this.jdbc = JdbcClient.create(dataSource);
        this.experiments = experiments;
    }

    /** PENDING or RUNNING -> CANCELLED; the units not done become CANCELLED. 409 once finished. */
    @Transactional
    public void cancel(String id) {
        UUID uuid = experiments.find(id).getId();
        int units = jdbc.sql("""
                        UPDATE cka.work_unit SET state = 'CANCELLED', not_before = NULL, updated_at = now()
                         WHERE experiment_id = :id AND state IN ('PENDING', 'RUNNING')
                           AND EXISTS (SELECT 1 FROM cka.experiment e
                                        WHERE e.id = :id AND e.status IN ('PENDING', 'RUNNING'))
                        """)
                .param("id", uuid)
                .update();
        int changed = jdbc.sql("""
                        UPDATE cka.experiment SET status = 'CANCELLED', finished_at = now()
                         WHERE id = :id AND status IN ('PENDING', 'RUNNING')
                        """)
                .param("id", uuid)
                .update();
        if (changed == 0) {
            // thrown inside the transaction: the units' update above is rolled back with it
            throw conflict(uuid, "cancel", "it has already finished");
        }
        log.info("experiment {} cancelled ({} unit(s) not done)", uuid, units);
    }

    /** Deletes a finished (SUCCEEDED, FAILED or CANCELLED) experiment with its tasks, units and results. */
    @Transactional
    public void delete(String id) {
        UUID uuid = experiments.find(id).getId();
        int deleted = jdbc.sql("""
                        DELETE FROM cka.experiment WHERE id = :id AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
                        """)
                .param("id", uuid)
                .update();
        if (deleted == 0) {
            throw conflict(uuid, "delete", "it is still queued or running; cancel it first");
        }
        log.info("experiment {} deleted", uuid);
    }

    /**
     * FAILED or CANCELLED -> PENDING, runs + 1: DONE units and their matrices are kept, every other unit is queued
     * again with fresh attempts, except a cancelled unit whose worker still holds an unexpired lease: it goes back
     * to RUNNING under that lease, so its result still counts. An experiment with every unit done is SUCCEEDED
     * at once. 409 for PENDING, RUNNING and SUCCEEDED experiments.
     */
    @Transactional
    public void rerun(String id) {
        UUID uuid = experiments.find(id).getId();
        int units = jdbc.sql("""
                        UPDATE cka.work_unit
                           SET state = CASE WHEN state = 'CANCELLED' AND leased_by IS NOT NULL AND leased_until > now()
                                            THEN 'RUNNING' ELSE 'PENDING' END,
                               leased_by = CASE WHEN state = 'CANCELLED' AND leased_until > now()
                                                THEN leased_by END,
                               leased_until = CASE WHEN state = 'CANCELLED' AND leased_until > now()
                                                   THEN leased_until END,
                               attempts = CASE WHEN state = 'CANCELLED' AND leased_until > now()
                                               THEN attempts ELSE 0 END,
                               error = NULL, not_before = NULL, outage_since = NULL, updated_at = now()
                         WHERE experiment_id = :id AND state <> 'DONE'
                           AND EXISTS (SELECT 1 FROM cka.experiment e
                                        WHERE e.id = :id AND e.status IN ('FAILED', 'CANCELLED'))
                        """)
                .param("id", uuid)
                .update();
        Optional<String> status = jdbc.sql("""
                        UPDATE cka.experiment
                           SET status = CASE WHEN units_done >= units_total THEN 'SUCCEEDED' ELSE 'PENDING' END,
                               runs = runs + 1, failure = NULL, started_at = NULL,
                               finished_at = CASE WHEN units_done >= units_total THEN now() END
                         WHERE id = :id AND status IN ('FAILED', 'CANCELLED')
                        RETURNING status
                        """)
                .param("id", uuid)
                .query(String.class)
                .optional();
        if (status.isEmpty()) {
            throw conflict(uuid, "re-run", "only FAILED or CANCELLED experiments run again");
        }
        log.info("experiment {} re-run: {} unit(s) queued again, now {}", uuid, units, status.get());
    }

    private Conflict conflict(UUID id, String action, String why) {
        String status = jdbc.sql("SELECT status FROM cka.experiment WHERE id = :id").param("id", id)
                .query(String.class).optional().orElse("DELETED");
        return new Conflict("cannot " + action + " experiment " + id + ": it is " + status + "; " + why)
                .with("experimentStatus", status);
    }
}
