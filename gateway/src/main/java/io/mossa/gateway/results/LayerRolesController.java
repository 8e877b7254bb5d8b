package io.mossa.gateway.results;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.experiment.ExperimentAccess;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.roles.LayerRolesView;
import io.mossa.gateway.upstream.CkaClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The layer roles (shared, transition, refinement) read from an experiment's per-layer curves. */
@RestController
@RequestMapping("/api/v1/experiments/{id}")
@Tag(name = "Results")
public class LayerRolesController {

    private static final Logger log = LoggerFactory.getLogger(LayerRolesController.class);

    private final CkaClient cka;
    private final ExperimentAccess access;

    public LayerRolesController(CkaClient cka, ExperimentAccess access) {
        this.cka = cka;
        this.access = access;
    }

    @GetMapping(value = "/results/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Layer roles: shared, transition and refinement layers, with the evidence",
            description = "Fits step functions with one and two change points to the per-layer mean across tasks "
                    + "(and the across-task standard deviation) of the comparison, by exhaustive least squares, and "
                    + "names the segments in layer order. Answers none when the fit is poor, the curves are flat "
                    + "or fewer than 4 layers have values. A heuristic summary of the curves, not a statistical "
                    + "test; it depends on which layers were measured. For a distance measure the fits and role "
                    + "names are the same (change points do not depend on the curve's sign); movements are in the "
                    + "measure's units, a rise meaning less alike.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = LayerRolesView.class)))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @ApiResponse(responseCode = "400", description = "Unknown comparison, task selection, cluster or measure")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    @ApiResponse(responseCode = "422", description = "comparison=difference but the experiment has no baseline")
    public ResponseEntity<LayerRolesView> roles(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(description = "the curves to segment; default difference (E - B per task) when the "
                    + "experiment has a baseline, else experimental",
                    schema = @Schema(allowableValues = {"experimental", "difference"}))
            @RequestParam(required = false) String comparison,
            @Parameter(description = "which tasks: trained (default), held-out or all",
                    schema = @Schema(allowableValues = {"trained", "held-out", "all"}))
            @RequestParam(defaultValue = "trained") String tasks,
            @Parameter(description = "only this cluster's tasks (default: every cluster)")
            @RequestParam(required = false) String cluster,
            @Parameter(description = ResultsController.MEASURE_PARAMETER) @RequestParam(required = false)
            String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        TaskSelection selection = TaskSelection.parse("tasks", tasks);
        Comparison asked = comparison == null ? null : Comparison.parse("comparison", comparison, true);
        if (asked == Comparison.BASELINE) {
            throw ApiProblem.badRequest("comparison: must be one of [experimental, difference], was 'baseline'; "
                    + "roles describe E, alone or against B");
        }
        ExperimentView experiment = access.readable(id, Caller.of(request));
        Comparison which = asked != null ? asked : ExperimentRoles.defaultComparison(experiment);
        ExperimentChecks.requireBaseline(experiment, which);
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        ResultsIndex index = new ResultsIndex(results);
        if (cluster != null && !index.clusters().contains(cluster)) {
            throw ApiProblem.badRequest("cluster: no task of experiment " + id + " with results is in cluster '"
                    + cluster + "'; clusters with results are " + index.clusters());
        }
        return ConditionalResponse.of(ifNoneMatch, "results/roles?" + which.wireName() + "&" + selection.wireName()
                + "&" + cluster + "&" + selected.representation(), results, MediaType.APPLICATION_JSON, () -> {
                    LayerRolesView view = ExperimentRoles.view(id, selected.measure(), ExperimentChecks.coverage(experiment, results, index), index, which,
                            selection, cluster);
                    log.info("experiment={} layer roles comparison={} tasks={} cluster={}: {}", id, which.wireName(),
                            selection.wireName(), cluster, view.roles().structure());
                    return view;
                });
    }
}
