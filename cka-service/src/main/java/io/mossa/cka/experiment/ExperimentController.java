package io.mossa.cka.experiment;

import java.net.URI;
import java.util.Locale;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.experiment.ExperimentApi.CreateExperimentRequest;
import io.mossa.cka.experiment.ExperimentApi.ExperimentList;
import io.mossa.cka.experiment.ExperimentApi.ExperimentView;
import io.mossa.cka.experiment.ExperimentApi.ResultsView;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The internal experiments API, called by the gateway. Errors are RFC 9457 problem+json. */
@RestController
@RequestMapping("/v1/experiments")
@Tag(name = "experiments", description = "Internal API: submit CKA experiments, follow them, read their results")
public class ExperimentController {

    static final int MAX_LIMIT = 500;

    private final ExperimentService service;

    public ExperimentController(ExperimentService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Submit an experiment",
            description = "Stores the experiment with one work unit per task; workers run it asynchronously.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the experiment")
    @ApiResponse(responseCode = "400", description = "Invalid definition; the problem names the field")
    public ResponseEntity<ExperimentView> create(@Valid @RequestBody CreateExperimentRequest request) {
        ExperimentView view = service.create(request);
        return ResponseEntity.created(URI.create("/v1/experiments/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Status of one experiment", description = "Progress counts finished work units (tasks).")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)")
    public ExperimentView get(@PathVariable String id) {
        return service.get(id);
    }

    @GetMapping
    @Operation(summary = "List experiments, newest first")
    @ApiResponse(responseCode = "400", description = "Unknown status or limit out of range")
    public ExperimentList list(
            @Parameter(description = "PENDING, RUNNING, SUCCEEDED or FAILED") @RequestParam(required = false) String status,
            @Parameter(description = "1 to 500") @RequestParam(defaultValue = "50") String limit) {
        ExperimentStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ExperimentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status: unknown status '" + status
                        + "', expected PENDING, RUNNING, SUCCEEDED or FAILED");
            }
        }
        int max;
        try {
            max = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit: must be an integer from 1 to " + MAX_LIMIT + ", got '" + limit + "'");
        }
        return new ExperimentList(service.list(wanted, max));
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "Similarity results of an experiment",
            description = "Results of finished tasks, in task order, experimental before baseline; available while the "
                    + "experiment runs and after it failed.")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)")
    public ResultsView results(@PathVariable String id) {
        return service.results(id);
    }

}
