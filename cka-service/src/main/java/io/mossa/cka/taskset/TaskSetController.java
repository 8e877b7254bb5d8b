package io.mossa.cka.taskset;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.taskset.TaskSetApi.NewVersionRequest;
import io.mossa.cka.taskset.TaskSetApi.VersionSummary;
import io.mossa.cka.taskset.TaskSetApi.VersionView;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The internal task-set store, called by the gateway, which validates documents before they get here. Versions
 * are immutable; a new one is made by POSTing a whole document.
 */
@RestController
@RequestMapping("/v1/task-sets")
@Tag(name = "task-sets", description = "Internal API: immutable, versioned task-set documents")
public class TaskSetController {

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
    @Operation(summary = "Latest version of one task set, with its document")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public VersionView latest(@PathVariable String id) {
        return store.version(id, null).orElseThrow(() -> unknown(id));
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
    @Operation(summary = "One version of one task set, with its document")
    @ApiResponse(responseCode = "404", description = "No such task set or version")
    public VersionView version(@PathVariable String id, @PathVariable String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("task set '" + id + "' has no version '" + version + "' (versions are 1, 2, ...)");
        }
        return store.version(id, number).orElseThrow(() -> ApiProblem.notFound(
                "task set '" + id + "' has no version " + version));
    }

    @PostMapping("/{id}/versions")
    @Operation(summary = "Store a new version",
            description = "A new id starts at version 1, an existing one takes the next number. A document equal to the "
                    + "latest version's is not stored again: the answer is that version with 200.")
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "Equal to the latest version, which is returned")
    @ApiResponse(responseCode = "400", description = "Invalid id or document")
    @ApiResponse(responseCode = "409", description = "basedOn is not the latest version any more")
    public ResponseEntity<VersionView> create(@PathVariable String id, @RequestBody NewVersionRequest request) {
        if (!TaskSetStore.ID.matcher(id).matches()) {
            throw invalid("id", "must match [a-z0-9][a-z0-9._-]{0,63}, was '" + id + "'");
        }
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
        VersionView view = stored.version();
        if (!stored.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/task-sets/" + id + "/versions/" + view.version())).body(view);
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no task set '" + id + "'");
    }

    private static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest(field + ": " + message)
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }
}
