package io.mossa.gateway.experiment;

import java.net.URI;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.upstream.CkaClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Submit experiments, follow their progress, read their CKA results.")
public class ExperimentController {

    private static final Logger log = LoggerFactory.getLogger(ExperimentController.class);
    private static final java.util.Set<String> STATUSES = java.util.Set.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED");

    private final ExperimentPlanner planner;
    private final CkaClient cka;

    public ExperimentController(ExperimentPlanner planner, CkaClient cka) {
        this.planner = planner;
        this.cka = cka;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit an experiment",
            description = "Validates the definition against the extractor's models and the task sets, then queues "
                    + "it. The run is asynchronous: follow the Location header.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location names the experiment")
    @ApiResponse(responseCode = "400", description = "The definition is invalid; errors lists every wrong field",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<ExperimentView> submit(@RequestBody ExperimentDefinition definition) {
        ExperimentSpec spec = planner.plan(definition);
        ExperimentView view = cka.submit(spec);
        log.info("experiment {} submitted: {} tasks, E={}, layers={}", view.id(), spec.tasks().size(),
                spec.experimentalModel(), spec.layers());
        return ResponseEntity.accepted().location(URI.create("/api/v1/experiments/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List experiments", description = "Newest first, optionally filtered by status.")
    public ExperimentList list(
            @Parameter(schema = @Schema(allowableValues = {"PENDING", "RUNNING", "SUCCEEDED", "FAILED"}))
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status: must be one of " + STATUSES + ", was '" + status + "'");
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.badRequest("limit: must be between 1 and 500, was " + limit);
        }
        return cka.experiments(status, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Status and progress of an experiment")
    public ExperimentView get(@PathVariable UUID id) {
        return cka.experiment(id);
    }

    @GetMapping(value = "/{id}/results", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(hidden = true)
    public String resultsTable(@PathVariable UUID id) {
        return ResultsTable.render(cka.experiment(id), cka.results(id));
    }
}
