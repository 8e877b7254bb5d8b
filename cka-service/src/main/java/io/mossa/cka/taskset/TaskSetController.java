package io.mossa.cka.taskset;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.taskset.TaskSetApi.NewVersionRequest;
import io.mossa.cka.taskset.TaskSetApi.UploadResult;
import io.mossa.cka.taskset.TaskSetApi.VersionHeads;
import io.mossa.cka.taskset.TaskSetApi.VersionSummary;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The internal task-set store, called by the gateway, which validates definitions and uploads before they get here.
 * Versions are immutable; a new one is made by POSTing a whole document or by streaming an upload of rows. Versions
 * are written out as they are read from PostgreSQL, so no request holds a whole version in memory.
 */
@RestController
@RequestMapping("/v1/task-sets")
@Tag(name = "task-sets", description = "Internal API: immutable, versioned task sets")
public class TaskSetController {

    static final String JSON_LINES = "application/x-ndjson";

    private final TaskSetStore store;

    public TaskSetController(TaskSetStore store) {
        this.store = store;
    }

    @GetMapping
    @Operation(summary = "Latest version of every task set", description = "Without examples or prompts.")
    public List<VersionSummary> list() {
        return store.latest();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Latest version of one task set, with its document",
            description = "{id, version, createdAt, document: {description, tasks}}, streamed.")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public void latest(@PathVariable String id, HttpServletResponse response) throws IOException {
        write(store.heads(id, null).orElseThrow(() -> unknown(id)), response);
    }

    @GetMapping("/{id}/heads")
    @Operation(summary = "Latest version of one task set: every task's head and row count, no rows")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public VersionHeads latestHeads(@PathVariable String id) {
        return store.heads(id, null).orElseThrow(() -> unknown(id));
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "Every version of one task set, oldest first")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public List<VersionSummary> versions(@PathVariable String id) {
        List<VersionSummary> versions = store.versions(id);
        if (versions.isEmpty()) {
            throw unknown(id);
        }
        return versions;
    }

    @GetMapping("/{id}/versions/{version}")
    @Operation(summary = "One version of one task set, with its document", description = "Streamed.")
    @ApiResponse(responseCode = "404", description = "No such task set or version")
    public void version(@PathVariable String id, @PathVariable String version, HttpServletResponse response)
            throws IOException {
        write(heads(id, version), response);
    }

    @GetMapping("/{id}/versions/{version}/heads")
    @Operation(summary = "One version of one task set: every task's head and row count, no rows")
    @ApiResponse(responseCode = "404", description = "No such task set or version")
    public VersionHeads versionHeads(@PathVariable String id, @PathVariable String version) {
        return heads(id, version);
    }

    @GetMapping(path = "/{id}/versions/{version}/tasks/{task}/rows", produces = JSON_LINES)
    @Operation(summary = "Rows of one task of a version, as JSON Lines",
            description = "Examples as JSON objects (or prompts as JSON strings), from row 'offset', at most 'limit'.")
    @ApiResponse(responseCode = "404", description = "No such task set, version or task")
    public void rows(@PathVariable String id, @PathVariable String version, @PathVariable String task,
            @RequestParam(defaultValue = "0") long offset, @RequestParam(required = false) Long limit,
            HttpServletResponse response) throws IOException {
        VersionHeads heads = heads(id, version);
        if (heads.tasks().stream().noneMatch(t -> t.name().equals(task))) {
            throw ApiProblem.notFound("task set '" + id + "' version " + heads.version() + " has no task '" + task
                    + "'");
        }
        if (offset < 0 || (limit != null && limit < 0)) {
            throw ApiProblem.badRequest("offset and limit must be >= 0");
        }
        response.setContentType(JSON_LINES);
        store.writeRows(id, heads.version(), task, offset, limit == null ? Long.MAX_VALUE : limit,
                response.getOutputStream());
    }

    @PostMapping("/{id}/versions")
    @Operation(summary = "Store a new version",
            description = "A new id starts at version 1, an existing one takes the next number. A document equal to the "
                    + "latest version's is not stored again: the answer is that version with 200. Answers the "
                    + "version's summary.")
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "Equal to the latest version, which is returned")
    @ApiResponse(responseCode = "400", description = "Invalid id or document")
    @ApiResponse(responseCode = "409", description = "basedOn is not the latest version any more")
    public ResponseEntity<VersionSummary> create(@PathVariable String id, @RequestBody NewVersionRequest request) {
        checkId(id);
        if (request.document() == null || !request.document().isObject()
                || !request.document().path("tasks").isArray()) {
            throw invalid("document", "must be an object with a tasks array");
        }
        if (request.basedOn() != null && request.basedOn() < 1) {
            throw invalid("basedOn", "must be a version >= 1, was " + request.basedOn());
        }
        TaskSetStore.Stored stored;
        try {
            stored = store.store(id, request.basedOn(), request.document());
        } catch (TaskSetStore.StaleVersionException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
        VersionSummary view = stored.version();
        if (!stored.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/task-sets/" + id + "/versions/" + view.version())).body(view);
    }

    @PostMapping(path = "/{id}/uploads", consumes = JSON_LINES)
    @Operation(summary = "Replace the rows of the tasks an upload names, as the next version",
            description = "JSON Lines, streamed into PostgreSQL: {\"task\": name, \"row\": example object or prompt "
                    + "string} per row, then {\"end\": {\"rows\": n}}. A body cut off before its end line stores "
                    + "nothing. Answers what was stored, not the version's content.")
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "Every uploaded task already had these rows")
    @ApiResponse(responseCode = "400", description = "A row of an unknown task or of the wrong kind, or a cut body")
    @ApiResponse(responseCode = "404", description = "No such task set")
    @ApiResponse(responseCode = "409", description = "The templates changed since basedOn")
    public ResponseEntity<UploadResult> upload(@PathVariable String id, @RequestParam int basedOn,
            HttpServletRequest request) throws IOException {
        checkId(id);
        UploadResult result;
        try {
            result = store.upload(id, basedOn, request.getInputStream());
        } catch (TaskSetStore.UnknownTaskSetException e) {
            throw ApiProblem.notFound(e.getMessage());
        } catch (TaskSetStore.StaleVersionException e) {
            throw ApiProblem.conflict(e.getMessage());
        } catch (TaskSetStore.InvalidUploadException e) {
            throw invalid("body", e.getMessage());
        }
        if (!result.created()) {
            return ResponseEntity.ok(result);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/task-sets/" + id + "/versions/" + result.version())).body(result);
    }

    private VersionHeads heads(String id, String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("task set '" + id + "' has no version '" + version + "' (versions are 1, 2, ...)");
        }
        return store.heads(id, number).orElseThrow(() -> ApiProblem.notFound(
                "task set '" + id + "' has no version " + version));
    }

    private void write(VersionHeads heads, HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        store.writeVersion(heads, response.getOutputStream());
    }

    private static void checkId(String id) {
        if (!TaskSetStore.ID.matcher(id).matches()) {
            throw invalid("id", "must match [a-z0-9][a-z0-9._-]{0,63}, was '" + id + "'");
        }
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no task set '" + id + "'");
    }

    private static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest(field + ": " + message)
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }
}
