package io.mossa.cka.taskset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.taskset.TaskSetApi.TaskHead;
import io.mossa.cka.taskset.TaskSetApi.VersionSummary;
import io.mossa.cka.taskset.TaskSetApi.VersionView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task-set versions in PostgreSQL. A new version locks its task set's row first, so two creators of the same
 * task set queue: both succeed, as version n+1 and n+2, unless one said which version it edited
 * ({@code basedOn}) and the other got there first, which is a {@link StaleVersionException}.
 */
@Component
public class TaskSetStore {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Logger log = LoggerFactory.getLogger(TaskSetStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Name, cluster and held-out flag of every task of a version, in task order, read from the document. */
    private static final String HEADS = """
            (SELECT coalesce(jsonb_agg(jsonb_build_object('name', t -> 'name', 'cluster', t -> 'cluster',
                                                          'heldOut', coalesce(t -> 'heldOut', 'false'::jsonb))
                                       ORDER BY o), '[]'::jsonb)::text
               FROM jsonb_array_elements(v.document -> 'tasks') WITH ORDINALITY AS x(t, o))""";

    private final JdbcClient jdbc;

    public TaskSetStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The outcome of storing: the version, and whether it is new (false: the document equals the latest one). */
    public record Stored(VersionView version, boolean created) {
    }

    public static final class StaleVersionException extends RuntimeException {

        StaleVersionException(String id, int basedOn, int latest) {
            super("task set '" + id + "' is at version " + latest + ", not " + basedOn
                    + ": another change was stored first; apply yours to version " + latest);
        }
    }

    @Transactional
    public Stored store(String id, Integer basedOn, JsonNode document) {
        Instant now = Instant.now();
        jdbc.sql("INSERT INTO cka.task_set (id, created_at, updated_at) VALUES (:id, :now, :now) ON CONFLICT DO NOTHING")
                .param("id", id).param("now", java.sql.Timestamp.from(now)).update();
        int latest = jdbc.sql("SELECT latest_version FROM cka.task_set WHERE id = :id FOR UPDATE")
                .param("id", id).query(Integer.class).single();
        if (basedOn != null && basedOn != latest) {
            throw new StaleVersionException(id, basedOn, latest);
        }
        String text = JSON.writeValueAsString(document);
        if (latest > 0) {
            // re-posting the latest document is not a change: answer that version instead of a duplicate
            boolean same = jdbc.sql("SELECT document = CAST(:doc AS jsonb) FROM cka.task_set_version"
                            + " WHERE task_set_id = :id AND version = :v")
                    .param("doc", text).param("id", id).param("v", latest).query(Boolean.class).single();
            if (same) {
                return new Stored(version(id, latest).orElseThrow(), false);
            }
        }
        int next = latest + 1;
        jdbc.sql("INSERT INTO cka.task_set_version (task_set_id, version, document, created_at)"
                        + " VALUES (:id, :v, CAST(:doc AS jsonb), :now)")
                .param("id", id).param("v", next).param("doc", text).param("now", java.sql.Timestamp.from(now))
                .update();
        jdbc.sql("UPDATE cka.task_set SET latest_version = :v, updated_at = :now WHERE id = :id")
                .param("v", next).param("now", java.sql.Timestamp.from(now)).param("id", id).update();
        log.info("task set {} version {} stored ({} bytes{})", id, next, text.length(),
                basedOn == null ? "" : ", edit of version " + basedOn);
        return new Stored(version(id, next).orElseThrow(), true);
    }

    @Transactional(readOnly = true)
    public Optional<VersionView> version(String id, Integer version) {
        String which = version == null
                ? "v.version = (SELECT latest_version FROM cka.task_set WHERE id = :id)"
                : "v.version = :v";
        var query = jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.document::text FROM cka.task_set_version v"
                + " WHERE v.task_set_id = :id AND " + which).param("id", id);
        if (version != null) {
            query = query.param("v", version);
        }
        return query.query((rs, n) -> new VersionView(rs.getString(1), rs.getInt(2),
                rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }

    /** The latest version of every task set, by id. */
    @Transactional(readOnly = true)
    public List<VersionSummary> latest() {
        return jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.document ->> 'description', " + HEADS
                        + " FROM cka.task_set s JOIN cka.task_set_version v"
                        + " ON v.task_set_id = s.id AND v.version = s.latest_version ORDER BY s.id")
                .query(TaskSetStore::summary).list();
    }

    /** Every version of one task set, oldest first; empty when the task set does not exist. */
    @Transactional(readOnly = true)
    public List<VersionSummary> versions(String id) {
        return jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.document ->> 'description', " + HEADS
                        + " FROM cka.task_set_version v WHERE v.task_set_id = :id ORDER BY v.version")
                .param("id", id).query(TaskSetStore::summary).list();
    }

    private static VersionSummary summary(ResultSet rs, int row) throws SQLException {
        TaskHead[] heads = JSON.readValue(rs.getString(5), TaskHead[].class);
        return new VersionSummary(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                List.of(heads));
    }
}
