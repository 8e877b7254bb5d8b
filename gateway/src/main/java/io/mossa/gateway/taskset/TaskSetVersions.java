package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Makes new task-set versions: from a whole definition, or by replacing one task's examples with an upload.
 * Everything is validated here, before cka-service stores it, so a stored version always renders.
 */
@Component
public class TaskSetVersions {

    /** How often an upload is re-applied when other versions keep being stored while it is applied. */
    static final int EDIT_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(TaskSetVersions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Upload formats, by their media type. */
    public enum Format { JSON_LINES, CSV }

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
        validator.validate(definition, null, errors);
        errors.throwIfAny();
        checkSize(definition);
        TaskSetStoreClient.Stored stored = store.store(definition, null);
        recordStored(stored, "definition");
        return stored;
    }

    /**
     * Replaces one task's examples with the uploaded ones, as the next version. The edit is applied to the latest
     * version; when another version is stored meanwhile it is applied again to that one, up to
     * {@value #EDIT_ATTEMPTS} times, so no concurrent change is lost.
     */
    public TaskSetStoreClient.Stored replaceExamples(String id, String taskName, Format format, Reader body)
            throws IOException {
        if (catalog.isBuiltIn(id)) {
            throw builtIn(id);
        }
        Violations errors = new Violations();
        ExampleUpload upload = format == Format.CSV
                ? CsvReader.read(body, limits.maxPromptsPerTask(), errors)
                : JsonLinesReader.read(body, limits.maxPromptsPerTask(), errors);
        errors.throwIfAny();
        for (int attempt = 1; ; attempt++) {
            TaskSet latest = store.find(id, null).orElseThrow(() -> new NotFound("no task set '" + id + "'"));
            TaskSet edited = withExamples(latest, taskName, upload);
            Violations invalid = new Violations();
            validator.validate(edited, new TaskSetValidator.UploadOrigin(taskName, upload.lines()), invalid);
            invalid.throwIfAny();
            checkSize(edited);
            try {
                TaskSetStoreClient.Stored stored = store.store(edited, latest.version());
                recordStored(stored, "upload");
                return stored;
            } catch (ApiProblem problem) {
                if (problem.getStatusCode().value() != 409 || attempt == EDIT_ATTEMPTS) {
                    throw problem;
                }
                log.info("task set {} changed while examples of task '{}' were applied to version {}; applying again",
                        id, taskName, latest.version());
            }
        }
    }

    private static TaskSet withExamples(TaskSet latest, String taskName, ExampleUpload upload) {
        List<TaskSet.Task> tasks = new ArrayList<>(latest.tasks());
        int index = -1;
        for (int k = 0; k < tasks.size(); k++) {
            if (tasks.get(k).name().equals(taskName)) {
                index = k;
            }
        }
        if (index < 0) {
            throw new NotFound("task set '" + latest.id() + "' version " + latest.version() + " has no task '"
                    + taskName + "'; its tasks: " + String.join(", ", tasks.stream().map(TaskSet.Task::name).toList()));
        }
        TaskSet.Task task = tasks.get(index);
        if (!task.usesTemplates()) {
            String field = "tasks[" + index + "].templates";
            String message = "task '" + taskName + "' has ready prompts and no templates to fill with examples; "
                    + "POST a version that gives it templates (and examples) first";
            throw new ContractViolation(field, message);
        }
        tasks.set(index, task.withExamples(upload.examples()));
        return new TaskSet(latest.id(), latest.version(), latest.description(), tasks);
    }

    private void checkSize(TaskSet taskSet) {
        long bytes = JSON.writeValueAsBytes(taskSet.document()).length;
        long max = sizes.maxDocumentSize().toBytes();
        if (bytes > max) {
            throw ApiProblem.payloadTooLarge("task set '" + taskSet.id() + "' would be " + bytes
                    + " bytes as JSON; the limit (mossa.gateway.task-sets.max-document-size) is " + max + " bytes");
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
