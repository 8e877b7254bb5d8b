package io.mossa.cka.experiment;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.experiment.ExperimentApi.ExperimentList;
import io.mossa.cka.experiment.ExperimentApi.ResultsView;
import io.mossa.contract.ContractViolation;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import tools.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The internal experiments API, called by the gateway. Errors are RFC 9457 problem+json. */
@RestController
@RequestMapping("/v1/experiments")
@Tag(name = "experiments", description = "Internal API: submit CKA experiments, follow them, read their results")
public class ExperimentController {

    static final int MAX_LIMIT = 500;

    private static final String CREATE_EXAMPLE = """
            {"name": "debiased with statistics", "experimentalModel": "all-minilm-l6-v2",
             "baselineModel": "all-minilm-l6-v2-q", "layers": [1, 3, 6], "layerPairs": "same", "pooling": "mean",
             "estimator": "debiased", "permutations": 200, "bootstrap": 200, "confidence": 0.95, "seed": 1,
             "visibility": "public",
             "tasks": [{"name": "sentiment", "cluster": "sentiment", "controlModel": "all-minilm-l6-v2-q",
                        "split": "test", "heldOut": false,
                        "prompts": ["great film", "dull film", "loved it", "hated it", "fine", "awful", "superb",
                                    "boring"]}]}
            """;

    private final ExperimentService service;
    private final ExperimentLifecycle lifecycle;

    public ExperimentController(ExperimentService service, ExperimentLifecycle lifecycle) {
        this.service = service;
        this.lifecycle = lifecycle;
    }

    @PostMapping
    @Operation(summary = "Submit an experiment",
            description = "Stores the experiment with one work unit per task; workers run it asynchronously. With an "
                    + "idempotencyKey, a repeat of the same request by the same owner returns the first experiment "
                    + "(200) and the same key with a different request is a 409.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the experiment")
    @ApiResponse(responseCode = "200", description = "An idempotent repeat: the experiment of the first request")
    @ApiResponse(responseCode = "400", description = "Invalid definition; the problem names the field")
    @ApiResponse(responseCode = "409", description = "The idempotency key was used for a different request")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
            name = "debiased with statistics", value = CREATE_EXAMPLE)))
    public ResponseEntity<ExperimentView> create(@RequestBody ExperimentPlan request) {
        ExperimentService.Submission submission = service.create(request);
        URI location = URI.create("/v1/experiments/" + submission.view().id());
        return submission.created() ? ResponseEntity.created(location).body(submission.view())
                : ResponseEntity.ok().location(location).body(submission.view());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Status of one experiment", description = "Progress counts finished work units (tasks).")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)")
    public ExperimentView get(@PathVariable String id) {
        return service.get(id);
    }

    @GetMapping("/{id}/definition")
    @Operation(summary = "The definition of one experiment as submitted",
            description = "Inline tasks' prompts only with prompts=true: without, each inline task's prompts array is "
                    + "left out, so the answer stays small whatever the experiment's size.")
    @ApiResponse(responseCode = "404", description = "Unknown id, or an experiment submitted without a definition")
    public JsonNode definition(@PathVariable String id,
            @Parameter(description = "include inline tasks' prompts") @RequestParam(defaultValue = "false")
            boolean prompts) {
        return service.definition(id, prompts);
    }

    @GetMapping
    @Operation(summary = "List experiments, newest first, one page at a time",
            description = "Pages follow nextCursor (null on the last page): pass it back as cursor with the same "
                    + "filters. Items leave out the tasks (GET /v1/experiments/{id} has them), so a page stays small "
                    + "whatever the experiments' sizes.")
    @ApiResponse(responseCode = "400", description = "Unknown status, limit out of range or a bad cursor")
    public ExperimentList list(
            @Parameter(description = "PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED") @RequestParam(required = false)
            String status,
            @Parameter(description = "only experiments in which this model is the experimental, baseline or a control "
                    + "model", example = "m-exp") @RequestParam(required = false) String model,
            @Parameter(description = "only experiments this owner may read: public ones and its own (empty = public "
                    + "only); absent = all") @RequestParam(required = false) String readableBy,
            @Parameter(description = "1 to 500") @RequestParam(defaultValue = "50") String limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        ExperimentStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ExperimentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ContractViolation("status", "unknown status '" + status
                        + "', expected PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED");
            }
        }
        int max;
        try {
            max = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw new ContractViolation("limit", "must be an integer from 1 to " + MAX_LIMIT + ", got '" + limit
                    + "'");
        }
        ExperimentCursor after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = ExperimentCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new ContractViolation("cursor", e.getMessage() + ": pass nextCursor of the previous page");
            }
        }
        return service.list(wanted, model == null || model.isBlank() ? null : model.strip(), readableBy, max, after);
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "Similarity results of an experiment",
            description = "Results of finished tasks, in task order, experimental before baseline; available while the "
                    + "experiment runs and after it failed or was cancelled.")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)")
    public ResultsView results(@PathVariable String id,
            @Parameter(description = "as for the list: present -> a private experiment of another owner is 404 "
                    + "(empty = public only)") @RequestParam(required = false) String readableBy) {
        return service.results(id, readableBy);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running experiment",
            description = "PENDING or RUNNING -> CANCELLED; units not done are cancelled. A unit already computing "
                    + "still stores its result when it finishes (the experiment stays CANCELLED).")
    @ApiResponse(responseCode = "200", description = "Cancelled; the experiment as it is now")
    @ApiResponse(responseCode = "404", description = "Unknown id")
    @ApiResponse(responseCode = "409", description = "Already SUCCEEDED, FAILED or CANCELLED")
    public ExperimentView cancel(@PathVariable String id) {
        lifecycle.cancel(id);
        return service.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a finished experiment with its results")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "Unknown id")
    @ApiResponse(responseCode = "409", description = "Still PENDING or RUNNING: cancel it first")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        lifecycle.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rerun")
    @Operation(summary = "Run a failed or cancelled experiment again",
            description = "Back to PENDING with runs + 1; tasks already done keep their results and are not computed "
                    + "again, the others are queued afresh.")
    @ApiResponse(responseCode = "200", description = "Queued again; the experiment as it is now")
    @ApiResponse(responseCode = "404", description = "Unknown id")
    @ApiResponse(responseCode = "409", description = "PENDING, RUNNING or SUCCEEDED")
    public ExperimentView rerun(@PathVariable String id) {
        lifecycle.rerun(id);
        return service.get(id);
    }
}
