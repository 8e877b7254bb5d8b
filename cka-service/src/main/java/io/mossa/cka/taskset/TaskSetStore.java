package io.mossa.cka.taskset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.taskset.TaskSetApi.TaskHead;
import io.mossa.cka.taskset.TaskSetApi.TaskInfo;
import io.mossa.cka.taskset.TaskSetApi.UploadResult;
import io.mossa.cka.taskset.TaskSetApi.UploadedTask;
import io.mossa.cka.taskset.TaskSetApi.VersionHeads;
import io.mossa.cka.taskset.TaskSetApi.VersionSummary;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task-set versions in PostgreSQL (migration V8): a version is a list of task heads, each referring to an immutable,
 * content-addressed block of rows ({@link ExampleBlocks}), so a version that changes one task stores that task's
 * rows and shares every other block with its parent.
 *
 * <p>A new version locks its task set's row first, so two creators of the same task set queue: both succeed, as
 * version n+1 and n+2, unless one said which version it edited ({@code basedOn}) and the other got there first,
 * which is a {@link StaleVersionException}. An upload holds that lock while its rows stream in, so the version it
 * was checked against stays the latest until it is stored.
 */
@Component
public class TaskSetStore {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Logger log = LoggerFactory.getLogger(TaskSetStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Rows read from PostgreSQL per round trip when a version is streamed out. */
    private static final int FETCH_ROWS = 2000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate cursor;

    public TaskSetStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_ROWS);
    }

    /** The outcome of storing: the version, and whether it is new (false: it equals the latest one). */
    public record Stored(VersionSummary version, boolean created) {
    }

    public static final class StaleVersionException extends RuntimeException {

        StaleVersionException(String message) {
            super(message);
        }

        StaleVersionException(String id, int basedOn, int latest) {
            this("task set '" + id + "' is at version " + latest + ", not " + basedOn
                    + ": another change was stored first; apply yours to version " + latest);
        }
    }

    /** An upload that cannot be stored as sent: a row of an unknown task, a row of the wrong kind, a cut body. */
    public static final class InvalidUploadException extends RuntimeException {

        InvalidUploadException(String message) {
            super(message);
        }
    }

    public static final class UnknownTaskSetException extends RuntimeException {

        UnknownTaskSetException(String id) {
            super("no task set '" + id + "'");
        }
    }

    /** One task of a version as stored: its head and the block holding its rows. */
    private record StoredTask(String name, String cluster, String split, boolean heldOut, String description,
            String templates, long blockId) {

        StoredTask withBlock(long block) {
            return new StoredTask(name, cluster, split, heldOut, description, templates, block);
        }
    }

    /** Stores a whole document ({description, tasks}) as the next version. */
    @Transactional
    public Stored store(String id, Integer basedOn, JsonNode document) {
        int latest = lockForNewVersion(id, true);
        if (basedOn != null && basedOn != latest) {
            throw new StaleVersionException(id, basedOn, latest);
        }
        JsonNode taskNodes = document.get("tasks");
        List<StoredTask> tasks = new ArrayList<>();
        try (ExampleBlocks blocks = ExampleBlocks.begin(dataSource, jdbc, taskNodes.size())) {
            for (int k = 0; k < taskNodes.size(); k++) {
                JsonNode task = taskNodes.get(k);
                JsonNode templates = task.get("templates");
                JsonNode rows = task.has("examples") ? task.get("examples") : task.path("prompts");
                for (JsonNode row : rows) {
                    blocks.add(k, JSON.writeValueAsString(row));
                }
                tasks.add(new StoredTask(text(task, "name"), text(task, "cluster"), text(task, "split"),
                        task.path("heldOut").asBoolean(false), text(task, "description"),
                        task.has("examples") ? JSON.writeValueAsString(templates == null ? JSON.createArrayNode()
                                : templates) : null, -1));
            }
            blocks.endCopy();
            for (int k = 0; k < tasks.size(); k++) {
                tasks.set(k, tasks.get(k).withBlock(blocks.finish(k, -1)));
            }
        }
        return newVersion(id, latest, text(document, "description"), tasks, basedOn);
    }

    /**
     * Replaces the rows of the tasks an upload names, as the next version. The body is JSON Lines: one
     * {@code {"task": name, "row": value}} per row (an object for a task with templates, a string for one with
     * ready prompts), then {@code {"end": {"rows": n}}}; a body without that last line was cut off and stores
     * nothing. Tasks the upload does not name keep their rows.
     *
     * @param basedOn the version the gateway checked the upload against; when another version was stored since, the
     *                upload is applied to that one if every task has the same templates in both, else refused
     */
    @Transactional
    public UploadResult upload(String id, int basedOn, InputStream body) throws IOException {
        int latest = lockForNewVersion(id, false);
        List<StoredTask> tasks = tasks(id, latest);
        if (basedOn != latest) {
            checkRebase(id, basedOn, latest, tasks);
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int k = 0; k < tasks.size(); k++) {
            positions.put(tasks.get(k).name(), k);
        }
        long total = 0;
        try (ExampleBlocks blocks = ExampleBlocks.begin(dataSource, jdbc, tasks.size())) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
            boolean ended = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                if (ended) {
                    throw new InvalidUploadException("rows after the end line");
                }
                JsonNode entry = parse(line, total);
                if (entry.has("end")) {
                    long declared = entry.get("end").path("rows").asLong(-1);
                    if (declared != total) {
                        throw new InvalidUploadException("the end line declares " + declared + " rows; " + total
                                + " arrived");
                    }
                    ended = true;
                    continue;
                }
                String name = entry.path("task").asString(null);
                Integer k = name == null ? null : positions.get(name);
                if (k == null) {
                    throw new InvalidUploadException("row " + total + ": task set '" + id + "' version " + latest
                            + " has no task '" + name + "'");
                }
                JsonNode row = entry.get("row");
                boolean prompts = tasks.get(k).templates() == null;
                if (row == null || (prompts ? !row.isString() : !row.isObject())) {
                    throw new InvalidUploadException("row " + total + ": task '" + name + "' takes "
                            + (prompts ? "ready prompts (JSON strings)" : "examples (JSON objects)"));
                }
                blocks.add(k, JSON.writeValueAsString(row));
                total++;
            }
            if (!ended) {
                throw new InvalidUploadException("the upload ended without its end line after " + total
                        + " rows; nothing was stored");
            }
            blocks.endCopy();
            List<UploadedTask> uploaded = new ArrayList<>();
            long bytes = 0;
            for (int k = 0; k < tasks.size(); k++) {
                if (blocks.touched(k)) {
                    uploaded.add(new UploadedTask(tasks.get(k).name(), blocks.rows(k), blocks.bytes(k)));
                    bytes += blocks.bytes(k);
                }
                tasks.set(k, tasks.get(k).withBlock(blocks.finish(k, tasks.get(k).blockId())));
            }
            Stored stored = newVersion(id, latest, description(id, latest), tasks, basedOn);
            return new UploadResult(id, stored.version().version(), stored.created(), basedOn, uploaded, total,
                    bytes);
        }
    }

    /** The latest version (null) or one version, with its task heads and their row counts, without rows. */
    @Transactional(readOnly = true)
    public Optional<VersionHeads> heads(String id, Integer version) {
        Optional<VersionRow> row = versionRow(id, version);
        return row.map(v -> new VersionHeads(id, v.version(), v.createdAt(), v.description(), jdbc.sql("""
                        SELECT t.name, t.cluster, t.split, t.held_out, t.description, t.templates::text, b.row_count,
                               b.byte_count
                          FROM cka.task_set_task t JOIN cka.example_block b ON b.id = t.block_id
                         WHERE t.task_set_id = :id AND t.version = :v ORDER BY t.position""")
                .param("id", id).param("v", v.version())
                .query((rs, n) -> new TaskInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getLong(8)))
                .list()));
    }

    /**
     * Writes a version as {@code {"id", "version", "createdAt", "document": {"description", "tasks": [...]}}}, every
     * task with its examples or prompts, reading rows from PostgreSQL through a cursor: memory does not grow with the
     * version's size.
     */
    @Transactional(readOnly = true)
    public void writeVersion(VersionHeads heads, OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("id", heads.id());
            json.writeNumberProperty("version", heads.version());
            json.writeStringProperty("createdAt", heads.createdAt().toString());
            json.writeName("document");
            json.writeStartObject();
            if (heads.description() != null) {
                json.writeStringProperty("description", heads.description());
            }
            json.writeArrayPropertyStart("tasks");
            for (TaskInfo task : heads.tasks()) {
                json.writeStartObject();
                json.writeStringProperty("name", task.name());
                json.writeStringProperty("cluster", task.cluster());
                if (task.split() != null) {
                    json.writeStringProperty("split", task.split());
                }
                json.writeBooleanProperty("heldOut", task.heldOut());
                if (task.description() != null) {
                    json.writeStringProperty("description", task.description());
                }
                if (task.templates() != null) {
                    json.writeName("templates");
                    json.writeRawValue(task.templates());
                }
                json.writeArrayPropertyStart(task.templates() != null ? "examples" : "prompts");
                json.flush();
                eachRow(heads.id(), heads.version(), task.name(), 0, Long.MAX_VALUE, json::writeRawValue);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** Writes rows {@code offset ..} (at most {@code limit}) of one task of a version as JSON Lines. */
    @Transactional(readOnly = true)
    public void writeRows(String id, int version, String task, long offset, long limit, OutputStream out) {
        byte[] newline = {'\n'};
        eachRow(id, version, task, offset, limit, value -> {
            try {
                out.write(value.getBytes(StandardCharsets.UTF_8));
                out.write(newline);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Hands rows {@code offset ..} (at most {@code limit}) of one task of a version to {@code sink} in order, each as
     * its stored JSON text, through a cursor: memory holds one fetch of rows, whatever the task's size.
     */
    @Transactional(readOnly = true)
    public void eachRow(String id, int version, String task, long offset, long limit,
            java.util.function.Consumer<String> sink) {
        cursor.query("""
                SELECT r.value FROM cka.task_set_task t JOIN cka.example_row r ON r.block_id = t.block_id
                 WHERE t.task_set_id = ? AND t.version = ? AND t.name = ? AND r.ordinal >= ? AND r.ordinal < ?
                 ORDER BY r.ordinal""",
                (ResultSet rs) -> {
                    sink.accept(rs.getString(1));
                }, id, version, task, offset, offset + Math.min(limit, Integer.MAX_VALUE));
    }

    /** The latest version of every task set, by id. */
    @Transactional(readOnly = true)
    public List<VersionSummary> latest() {
        List<VersionRow> rows = jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.description"
                        + " FROM cka.task_set s JOIN cka.task_set_version v"
                        + " ON v.task_set_id = s.id AND v.version = s.latest_version ORDER BY s.id")
                .query(TaskSetStore::versionRow).list();
        return rows.stream().map(this::summary).toList();
    }

    /** Every version of one task set, oldest first; empty when the task set does not exist. */
    @Transactional(readOnly = true)
    public List<VersionSummary> versions(String id) {
        return jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.description FROM cka.task_set_version v"
                        + " WHERE v.task_set_id = :id ORDER BY v.version")
                .param("id", id).query(TaskSetStore::versionRow).list().stream().map(this::summary).toList();
    }

    private record VersionRow(String id, int version, Instant createdAt, String description) {
    }

    private static VersionRow versionRow(ResultSet rs, int n) throws SQLException {
        return new VersionRow(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getString(4));
    }

    private Optional<VersionRow> versionRow(String id, Integer version) {
        String which = version == null
                ? "v.version = (SELECT latest_version FROM cka.task_set WHERE id = :id)"
                : "v.version = :v";
        var query = jdbc.sql("SELECT v.task_set_id, v.version, v.created_at, v.description"
                + " FROM cka.task_set_version v WHERE v.task_set_id = :id AND " + which).param("id", id);
        if (version != null) {
            query = query.param("v", version);
        }
        return query.query(TaskSetStore::versionRow).optional();
    }

    private VersionSummary summary(VersionRow v) {
        List<TaskHead> heads = jdbc.sql("SELECT name, cluster, held_out FROM cka.task_set_task"
                        + " WHERE task_set_id = :id AND version = :v ORDER BY position")
                .param("id", v.id()).param("v", v.version())
                .query((rs, n) -> new TaskHead(rs.getString(1), rs.getString(2), rs.getBoolean(3))).list();
        return new VersionSummary(v.id(), v.version(), v.createdAt(), v.description(), heads);
    }

    /**
     * Locks the task set's row and answers its latest version (0 for a new task set, which {@code create} allows).
     */
    private int lockForNewVersion(String id, boolean create) {
        if (create) {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.sql("INSERT INTO cka.task_set (id, created_at, updated_at) VALUES (:id, :now, :now)"
                    + " ON CONFLICT DO NOTHING").param("id", id).param("now", now).update();
        }
        return jdbc.sql("SELECT latest_version FROM cka.task_set WHERE id = :id FOR UPDATE")
                .param("id", id).query(Integer.class).optional()
                .filter(v -> create || v > 0)
                .orElseThrow(() -> new UnknownTaskSetException(id));
    }

    /** An upload checked against an older version may be applied to the latest if no task's templates changed. */
    private void checkRebase(String id, int basedOn, int latest, List<StoredTask> now) {
        if (basedOn > latest || basedOn < 1) {
            throw new StaleVersionException("task set '" + id + "' has no version " + basedOn + "; its latest is "
                    + latest);
        }
        Map<String, String> before = new HashMap<>();
        tasks(id, basedOn).forEach(t -> before.put(t.name(), String.valueOf(t.templates())));
        for (StoredTask task : now) {
            String was = before.get(task.name());
            if (was != null && !was.equals(String.valueOf(task.templates()))) {
                throw new StaleVersionException("task set '" + id + "' is at version " + latest + ", not " + basedOn
                        + ", and the templates of task '" + task.name() + "' changed meanwhile; upload again");
            }
        }
    }

    private List<StoredTask> tasks(String id, int version) {
        return jdbc.sql("SELECT name, cluster, split, held_out, description, templates::text, block_id"
                        + " FROM cka.task_set_task WHERE task_set_id = :id AND version = :v ORDER BY position")
                .param("id", id).param("v", version)
                .query((rs, n) -> new StoredTask(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)))
                .list();
    }

    private String description(String id, int version) {
        return jdbc.sql("SELECT description FROM cka.task_set_version WHERE task_set_id = :id AND version = :v")
                .param("id", id).param("v", version).query(String.class).optional().orElse(null);
    }

    /** Stores the tasks as the next version, unless they and the description equal the latest version's. */
    private Stored newVersion(String id, int latest, String description, List<StoredTask> tasks, Integer basedOn) {
        if (latest > 0 && Objects.equals(description, description(id, latest))
                && sameTasks(tasks, tasks(id, latest))) {
            return new Stored(versionRow(id, latest).map(this::summary).orElseThrow(), false);
        }
        int next = latest + 1;
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO cka.task_set_version (task_set_id, version, description, created_at)"
                        + " VALUES (:id, :v, :d, :now)")
                .param("id", id).param("v", next).param("d", description).param("now", now).update();
        for (int k = 0; k < tasks.size(); k++) {
            StoredTask t = tasks.get(k);
            jdbc.sql("INSERT INTO cka.task_set_task (task_set_id, version, position, name, cluster, split, held_out,"
                            + " description, templates, block_id)"
                            + " VALUES (:id, :v, :k, :name, :cluster, :split, :held, :d, CAST(:templates AS jsonb), :b)")
                    .param("id", id).param("v", next).param("k", k).param("name", t.name())
                    .param("cluster", t.cluster()).param("split", t.split()).param("held", t.heldOut())
                    .param("d", t.description()).param("templates", t.templates()).param("b", t.blockId()).update();
        }
        jdbc.sql("UPDATE cka.task_set SET latest_version = :v, updated_at = :now WHERE id = :id")
                .param("v", next).param("now", now).param("id", id).update();
        log.info("task set {} version {} stored ({} tasks{})", id, next, tasks.size(),
                basedOn == null ? "" : ", based on version " + basedOn);
        return new Stored(versionRow(id, next).map(this::summary).orElseThrow(), true);
    }

    /** Equal heads and blocks; templates compared as JSON, as PostgreSQL's jsonb normalises their spacing. */
    private static boolean sameTasks(List<StoredTask> a, List<StoredTask> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            StoredTask x = a.get(k);
            StoredTask y = b.get(k);
            if (!(x.name().equals(y.name()) && x.cluster().equals(y.cluster()) && Objects.equals(x.split(), y.split())
                    && x.heldOut() == y.heldOut() && Objects.equals(x.description(), y.description())
                    && x.blockId() == y.blockId() && sameJson(x.templates(), y.templates()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameJson(String a, String b) {
        return a == null || b == null ? a == b : JSON.readTree(a).equals(JSON.readTree(b));
    }

    private static JsonNode parse(String line, long row) {
        try {
            JsonNode entry = JSON.readTree(line);
            if (entry != null && entry.isObject()) {
                return entry;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw new InvalidUploadException("row " + row + ": not a JSON object line");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
