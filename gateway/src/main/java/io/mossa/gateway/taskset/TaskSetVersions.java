package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.contract.Conflict;
import io.mossa.contract.ContractViolation;
import io.mossa.contract.NotFound;
import io.mossa.contract.Violations;
import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.upstream.TaskSetStoreClient;
import io.mossa.web.problem.ApiProblem;

import tools.jackson.databind.json.JsonMapper;

/**
 * Makes new task-set versions: from a whole definition, or from an upload of examples for one or many tasks.
 * Everything is validated here, before cka-service stores it, so a stored version always renders.
 */
@Component
public class TaskSetVersions {

    private static final Logger log = LoggerFactory.getLogger(TaskSetVersions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TaskSetCatalog catalog;
    private final TaskSetStoreClient store;
    private final TaskSetValidator validator;
    private final GatewayProperties limits;
    private final TaskSetProperties sizes;
    private final MeterRegistry meters;

    public TaskSetVersions(TaskSetCatalog catalog, TaskSetStoreClient store, GatewayProperties limits,
            TaskSetProperties sizes, MeterRegistry meters) {
        this.catalog = catalog;
        this.store = store;
        this.limits = limits;
        this.sizes = sizes;
        this.meters = meters;
        this.validator = new TaskSetValidator(new TaskSetValidator.Limits(limits.maxTasks(),
                limits.maxPromptsPerTask(), limits.maxPromptChars()));
    }

    /** Stores a definition as version 1 of a new id or the next version of an existing one. */
    public TaskSetStoreClient.Stored create(TaskSet definition) {
        if (definition == null) {
            throw new ContractViolation("body", "must be a task set definition (JSON object)");
        }
        if (definition.id() != null && catalog.isBuiltIn(definition.id())) {
            throw builtIn(definition.id());
        }
        Violations errors = new Violations();
        validator.validate(definition, errors);
        errors.throwIfAny();
        checkSize(definition);
        TaskSetStoreClient.Stored stored = store.store(definition, null);
        recordStored(stored, "definition");
        return stored;
    }

    /**
     * Stores uploaded examples as the next version: the examples of one task ({@code onlyTask}), or of the tasks the
     * rows name in their {@value UploadedRows#TASK_FIELD} field. The body is read as a stream, checked row by row and
     * forwarded to cka-service as it is read; only Parquet is spooled to a file first (its index is at its end).
     * Tasks the upload does not name keep their examples, and their stored rows are shared with the previous version.
     */
    public UploadSummary upload(String id, String onlyTask, UploadFormat format, Charset charset, InputStream raw)
            throws IOException {
        if (catalog.isBuiltIn(id)) {
            throw builtIn(id);
        }
        TaskSetStoreClient.VersionHeads version = store.heads(id)
                .orElseThrow(() -> new NotFound("no task set '" + id + "'"));
        if (onlyTask != null) {
            checkUploadTarget(version, onlyTask);
        }
        UploadBody body = UploadBody.of(raw);
        Path spooled = format == UploadFormat.PARQUET ? body.spool(sizes.spoolDir()) : null;
        Violations errors = new Violations();
        Exception[] failure = new Exception[1];
        UploadedRows.Limits rowLimits = new UploadedRows.Limits(limits.maxPromptsPerTask(), limits.maxPromptChars(),
                sizes.maxVersionExamples(), sizes.maxVersionSize().toBytes());
        ResponseEntity<TaskSetStoreClient.UploadResult> stored = null;
        ApiProblem refused = null;
        try {
            stored = store.upload(id, version.version(), out -> {
                try {
                    UploadedRows rows = new UploadedRows(version, onlyTask, rowLimits, errors, out);
                    read(format, body, spooled, charset, errors, rows);
                    rows.finish();
                } catch (Exception e) {
                    // answered below, in the client's terms, once cka-service has refused the cut-off upload
                    failure[0] = e;
                }
            });
        } catch (ApiProblem problem) {
            refused = problem;
        } finally {
            if (spooled != null) {
                Files.deleteIfExists(spooled);
            }
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        errors.throwIfAny();
        if (refused != null) {
            throw refused;
        }
        TaskSetStoreClient.UploadResult result = stored.getBody();
        if (result.created()) {
            meters.counter("mossa.gateway.task.set.versions", "source", "upload").increment();
        }
        log.info("task set {}: upload of {} examples ({} bytes received) {} version {}", id, result.rows(),
                body.bytes(), result.created() ? "stored as" : "changed nothing; still", result.version());
        return UploadSummary.of(result, body.bytes(), body.sha256());
    }

    private static void read(UploadFormat format, UploadBody body, Path spooled, Charset charset, Violations errors,
            RowSink rows) throws IOException {
        switch (format) {
            case PARQUET -> ParquetReader.read(spooled, errors, rows);
            case CSV -> CsvReader.read(text(body, charset), errors, rows);
            case JSON_LINES -> JsonLinesReader.read(text(body, charset), errors, rows);
            default -> throw new IllegalStateException(format.name());
        }
    }

    private static Reader text(UploadBody body, Charset charset) throws IOException {
        return new InputStreamReader(body.content(), charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** An upload to one task: the task must exist and take examples (have templates). */
    private static void checkUploadTarget(TaskSetStoreClient.VersionHeads version, String taskName) {
        List<TaskSetStoreClient.TaskInfo> tasks = version.tasks();
        for (int k = 0; k < tasks.size(); k++) {
            if (tasks.get(k).name().equals(taskName)) {
                if (tasks.get(k).templates() == null) {
                    String field = "tasks[" + k + "].templates";
                    String message = "task '" + taskName + "' has ready prompts and no templates to fill with "
                            + "examples; POST a version that gives it templates (and examples) first";
                    throw new ContractViolation(field, message);
                }
                return;
            }
        }
        throw new NotFound("task set '" + version.id() + "' version " + version.version() + " has no task '"
                + taskName + "'; its tasks: " + String.join(", ",
                tasks.stream().map(TaskSetStoreClient.TaskInfo::name).toList()));
    }

    private void checkSize(TaskSet taskSet) {
        long bytes = JSON.writeValueAsBytes(taskSet.document()).length;
        long max = sizes.maxVersionSize().toBytes();
        if (bytes > max) {
            throw ApiProblem.payloadTooLarge("task set '" + taskSet.id() + "' would be " + bytes
                    + " bytes as JSON; the limit (mossa.gateway.task-sets.max-version-size) is " + max + " bytes")
                    .with("property", "mossa.gateway.task-sets.max-version-size");
        }
    }

    private void recordStored(TaskSetStoreClient.Stored stored, String source) {
        TaskSet taskSet = stored.taskSet();
        if (stored.created()) {
            meters.counter("mossa.gateway.task.set.versions", "source", source).increment();
            log.info("task set {} version {} created from {} ({} tasks)", taskSet.id(), taskSet.version(), source,
                    taskSet.tasks().size());
        } else {
            log.info("task set {} unchanged by {}: still version {}", taskSet.id(), source, taskSet.version());
        }
    }

    private static Conflict builtIn(String id) {
        return new Conflict("task set '" + id + "' is built in and read-only; store your version under "
                + "another id");
    }
}
