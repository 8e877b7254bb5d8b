package io.mossa.gateway.experiment;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.contract.experiment.ExperimentDefinition;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.upstream.CkaClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Submit experiments, follow their progress, cancel, re-run and delete them.")
public class ExperimentController {

    private static final Logger log = LoggerFactory.getLogger(ExperimentController.class);
    private static final String BASE = "/api/v1/experiments";
    static final Set<String> STATUSES = Set.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");
    static final int MAX_LIMIT = 500;
    static final int MAX_IDEMPOTENCY_KEY_CHARS = 200;

    private final ExperimentPlanner planner;
    private final ExperimentAccess access;
    private final CkaClient cka;
    private final MeterRegistry meters;

    public ExperimentController(ExperimentPlanner planner, ExperimentAccess access, CkaClient cka,
            MeterRegistry meters) {
        this.planner = planner;
        this.access = access;
        this.cka = cka;
        this.meters = meters;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit an experiment",
            description = "Validates the definition against the extractor's models and the task sets (every wrong "
                    + "field is named at once; unknown fields are refused), then queues it. The run is "
                    + "asynchronous: follow the Location header. With an Idempotency-Key, submitting the same "
                    + "definition again (same API key) answers 200 with the experiment of the first submission.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ExperimentDefinition.class))))
    @ApiResponse(responseCode = "202", description = "Accepted; Location names the experiment")
    @ApiResponse(responseCode = "200", description = "Replay of an earlier submission with the same Idempotency-Key")
    @ApiResponse(responseCode = "400", description = "The definition is invalid; errors lists every wrong field",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(value = """
                            {"type": "about:blank", "title": "Invalid request", "status": 400,
                             "detail": "experimentalModel: unknown model 'nope'; known models: all-minilm-l6-v2",
                             "errors": [{"field": "experimentalModel",
                                         "message": "unknown model 'nope'; known models: all-minilm-l6-v2"}]}""")))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for a different definition")
    @ApiResponse(responseCode = "413", description = "The inline tasks' prompts pass "
            + "mossa.gateway.max-inline-prompt-bytes (the problem's property); store them as a task set")
    @ApiResponse(responseCode = "503", description = "An internal service is unreachable; retry after Retry-After")
    public ResponseEntity<ExperimentView> submit(@RequestBody JsonNode body,
            @Parameter(description = "Any string up to 200 characters naming this submission: a retry with the same "
                    + "key and definition does not start a second experiment", example = "study-42-attempt-1")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            HttpServletRequest request) {
        checkIdempotencyKey(idempotencyKey);
        Caller caller = Caller.of(request);
        ExperimentPlan plan = planner.plan(body).submittedBy(caller.keyId(), idempotencyKey, body);
        CkaClient.Submitted submitted = cka.submit(plan);
        ExperimentView view = submitted.experiment();
        URI location = URI.create(BASE + "/" + view.id());
        count(submitted.created() ? "submit" : "replay");
        if (!submitted.created()) {
            log.info("experiment {} submitted again with idempotency key {}: replayed", view.id(), idempotencyKey);
            return ResponseEntity.ok().location(location).body(view);
        }
        log.info("experiment {} submitted by {}: {} tasks, E={}, layers={}, {} {}", view.id(),
                caller.keyId() == null ? "anonymous" : caller.keyId(), plan.tasks().size(), plan.models().experimental(),
                plan.layers().indices(), view.measure().kernel().wire(), view.measure().estimator().wire());
        return ResponseEntity.accepted().location(location).body(view);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List experiments",
            description = "Newest first, the ones the caller may read (public ones, and its own private ones), "
                    + "optionally filtered by status and by a model (as E, B or a control). A page holds at most "
                    + "limit experiments; nextCursor (also a Link header with rel=\"next\") fetches the next one. "
                    + "Items leave out the tasks (GET /api/v1/experiments/{id} has them), so a page stays small "
                    + "whatever the experiments' sizes.")
    @ApiResponse(responseCode = "200", description = "One page of experiments")
    @ApiResponse(responseCode = "400", description = "Unknown status, limit out of range or a malformed cursor")
    public ResponseEntity<ExperimentList> list(
            @Parameter(schema = @Schema(allowableValues = {"PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}))
            @RequestParam(required = false) String status,
            @Parameter(description = "Only experiments with this model as E, B or a control", example = "all-minilm-l6-v2")
            @RequestParam(required = false) String model,
            @Parameter(description = "1 to 500") @RequestParam(defaultValue = "50") int limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            HttpServletRequest request) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status: must be one of " + STATUSES.stream().sorted().toList() + ", was '"
                    + status + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit: must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        ExperimentList page = cka.experiments(status, blankToNull(model),
                ExperimentAccess.readableBy(Caller.of(request)), limit, blankToNull(cursor));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.nextCursor() != null) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath(BASE).queryParam("limit", limit);
            if (status != null) {
                next.queryParam("status", status);
            }
            if (blankToNull(model) != null) {
                next.queryParam("model", model);
            }
            next.queryParam("cursor", page.nextCursor());
            response.header(HttpHeaders.LINK, "<" + next.encode().build().toUriString() + ">; rel=\"next\"");
        }
        return response.body(page);
    }

    @GetMapping(value = "/{id}/definition", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The definition of an experiment as it was submitted",
            description = "What the client sent, to read back or submit again. Inline tasks' prompts are left out "
                    + "unless prompts=true; an experiment over a task set names the version and the choice of "
                    + "examples in its status (taskSetId, taskSetVersion, examplesPerTask, sampling), and the "
                    + "examples themselves are read from the task set.")
    @ApiResponse(responseCode = "200", description = "The definition",
            content = @Content(schema = @Schema(implementation = ExperimentDefinition.class)))
    @ApiResponse(responseCode = "404", description = "No such experiment, a private one of another API key, or one "
            + "submitted before definitions were kept")
    public JsonNode definition(@PathVariable UUID id,
            @Parameter(description = "Include the inline tasks' prompts") @RequestParam(defaultValue = "false")
            boolean prompts, HttpServletRequest request) {
        access.readable(id, Caller.of(request));
        return cka.definition(id, prompts);
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Status and progress of an experiment",
            description = "Its resolved settings (every default filled in) and tasks, without prompts; the "
                    + "definition as submitted is GET /api/v1/experiments/{id}/definition.")
    @ApiResponse(responseCode = "200", description = "The experiment")
    @ApiResponse(responseCode = "404", description = "No such experiment, or a private one of another API key")
    public ExperimentView get(@PathVariable UUID id, HttpServletRequest request) {
        return access.readable(id, Caller.of(request));
    }

    @PostMapping(value = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a pending or running experiment",
            description = "Its unfinished tasks are not run; what was computed is kept (a task finishing during "
                    + "the cancel still stores its results). A cancelled experiment can be re-run.")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @ApiResponse(responseCode = "403", description = "The experiment belongs to another API key")
    @ApiResponse(responseCode = "404", description = "No such experiment (or a private one of another key)")
    @ApiResponse(responseCode = "409", description = "The experiment already finished")
    public ExperimentView cancel(@PathVariable UUID id, HttpServletRequest request) {
        access.changeable(id, Caller.of(request));
        ExperimentView view = cka.cancel(id);
        count("cancel");
        log.info("experiment {} cancelled ({} of {} units done)", id, view.progress().unitsDone(),
                view.progress().unitsTotal());
        return view;
    }

    @PostMapping(value = "/{id}/rerun", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-run a failed or cancelled experiment",
            description = "The experiment goes back to PENDING under the same id; tasks that finished keep their "
                    + "results and are not computed again, the others run again. runs counts the runs.")
    @ApiResponse(responseCode = "200", description = "Queued again")
    @ApiResponse(responseCode = "403", description = "The experiment belongs to another API key")
    @ApiResponse(responseCode = "404", description = "No such experiment (or a private one of another key)")
    @ApiResponse(responseCode = "409", description = "The experiment is pending, running or succeeded")
    public ExperimentView rerun(@PathVariable UUID id, HttpServletRequest request) {
        access.changeable(id, Caller.of(request));
        ExperimentView view = cka.rerun(id);
        count("rerun");
        log.info("experiment {} re-run (run {}), {} of {} units kept", id, view.runs(), view.progress().unitsDone(),
                view.progress().unitsTotal());
        return view;
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a finished experiment with its results")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "The experiment belongs to another API key")
    @ApiResponse(responseCode = "404", description = "No such experiment (or a private one of another key)")
    @ApiResponse(responseCode = "409", description = "The experiment is pending or running: cancel it first")
    public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
        access.changeable(id, Caller.of(request));
        cka.delete(id);
        count("delete");
        log.info("experiment {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    /** Lifecycle actions that succeeded, by action: mossa_gateway_experiment_actions_total{action=...}. */
    private void count(String action) {
        meters.counter("mossa.gateway.experiment.actions", "action", action).increment();
    }

    private static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        String problem = key.isBlank() ? "must not be blank"
                : key.length() > MAX_IDEMPOTENCY_KEY_CHARS ? "must be at most " + MAX_IDEMPOTENCY_KEY_CHARS
                        + " characters, has " + key.length()
                        : null;
        if (problem != null) {
            throw ApiProblem.badRequest("Idempotency-Key: " + problem)
                    .with("errors", List.of(Map.of("field", "Idempotency-Key", "message", problem)));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
