package io.mossa.gateway.results;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

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
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.experiment.ExperimentAccess;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.plot.Drawing;
import io.mossa.gateway.results.plot.PngRenderer;
import io.mossa.gateway.results.plot.SvgRenderer;
import io.mossa.gateway.results.summary.Completeness;
import io.mossa.gateway.upstream.CkaClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Plots of an experiment's results drawn by the server, as SVG or PNG from one drawing. Plots of a running
 * experiment cover the tasks done so far: the subtitle says how many, header X-Mossa-Complete is false.
 */
@RestController
@RequestMapping("/api/v1/experiments/{id}")
@Tag(name = "Results")
public class PlotController {

    static final MediaType IMAGE_SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");
    private static final List<String> PLOTS = List.of("curves", "boxes", "heatmap");
    private static final List<String> FORMATS = List.of("svg", "png");

    private final CkaClient cka;
    private final ExperimentAccess access;

    public PlotController(CkaClient cka, ExperimentAccess access) {
        this.cka = cka;
        this.access = access;
    }

    @GetMapping(value = "/plots/{file}", produces = {"image/svg+xml", "image/png"})
    @Operation(summary = "Plots rendered by the server (SVG or PNG)",
            description = "file is {plot}.{format}: plot curves (mean per layer, one line per cluster, a dashed "
                    + "one for a cluster's held-out tasks, the layer roles shaded behind), boxes (of every task, or of "
                    + "trained or held-out ones with tasks=) "
                    + "(one box per layer over all tasks: quartile box, median, whiskers at min and max) or heatmap "
                    + "(the layer x layer matrix of one task; needs layerPairs=all and task=...); format svg or "
                    + "png. A running experiment is plotted from the tasks done so far; the subtitle says so.")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "image/svg+xml"),
        @Content(mediaType = "image/png")})
    @ApiResponse(responseCode = "400", description = "Unknown plot, format, comparison or task, or a measure the "
            + "experiment did not compute")
    @ApiResponse(responseCode = "409", description = "Heatmap of a layerPairs=same experiment, or of a task "
            + "without results yet")
    @ApiResponse(responseCode = "422", description = "A baseline comparison for an experiment without baseline, "
            + "or a heatmap over more than 65536 cells (256 x 256 layers)")
    public ResponseEntity<byte[]> plot(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(description = "{plot}.{format}", example = "curves.svg",
                    schema = @Schema(allowableValues = {"curves.svg", "boxes.svg", "heatmap.svg", "curves.png",
                        "boxes.png", "heatmap.png"})) @PathVariable String file,
            @Parameter(description = "difference (E - B per task) only for curves and boxes",
                    schema = @Schema(allowableValues = {"experimental", "baseline", "difference"}))
            @RequestParam(defaultValue = "experimental") String comparison,
            @Parameter(description = "the task of a heatmap") @RequestParam(required = false) String task,
            @Parameter(description = "boxes of one cluster's tasks only (default: every task)")
            @RequestParam(required = false) String cluster,
            @Parameter(description = "boxes only: which tasks, trained, held-out or all (default)",
                    schema = @Schema(allowableValues = {"trained", "held-out", "all"}))
            @RequestParam(defaultValue = "all") String tasks,
            @Parameter(description = "curves only: shade the layer roles of GET .../results/roles (trained tasks) "
                    + "behind the curves; false leaves them out")
            @RequestParam(defaultValue = "true") boolean roles,
            @Parameter(description = ResultsController.MEASURE_PARAMETER + "; a distance is plotted and labelled "
                    + "as one (smaller = more alike)") @RequestParam(required = false) String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        int dot = file.lastIndexOf('.');
        String plot = dot < 0 ? file : file.substring(0, dot);
        String format = dot < 0 ? "" : file.substring(dot + 1);
        if (!PLOTS.contains(plot)) {
            throw ApiProblem.badRequest("plot: must be one of " + PLOTS + ", was '" + plot + "'");
        }
        if (!FORMATS.contains(format)) {
            throw ApiProblem.badRequest("format: must be one of " + FORMATS + " (the file extension), was '"
                    + format + "'");
        }
        Comparison which = Comparison.parse("comparison", comparison, !plot.equals("heatmap"));
        ExperimentView experiment = access.readable(id, Caller.of(request));
        ExperimentChecks.requireBaseline(experiment, which);
        if (plot.equals("heatmap")) {
            if (experiment.layers().pairing() != LayerPairing.ALL) {
                throw ApiProblem.conflict("heatmap: experiment " + id + " compared layers with layerPairs="
                        + experiment.layers().pairing().wire() + " (same index only), so it has no layer x layer matrix; "
                        + "plot curves or boxes, or run it with layerPairs=all");
            }
            ExperimentChecks.requireTask(experiment, task);
        } else if (task != null) {
            throw ApiProblem.badRequest("task: only the heatmap takes a task; " + plot + " covers every task");
        }
        TaskSelection selection = TaskSelection.parse("tasks", tasks);
        if (selection != TaskSelection.ALL && !plot.equals("boxes")) {
            throw ApiProblem.badRequest("tasks: only the box plot takes tasks; " + plot + " shows "
                    + (plot.equals("curves") ? "trained and held-out tasks apart already" : "one task"));
        }
        if (cluster != null && !plot.equals("boxes")) {
            throw ApiProblem.badRequest("cluster: only the box plot takes a cluster; " + plot + " shows "
                    + (plot.equals("curves") ? "every cluster" : "one task"));
        }
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        ResultsIndex index = new ResultsIndex(results);
        Completeness coverage = ExperimentChecks.coverage(experiment, results, index);
        if (cluster != null && !index.clusters().contains(cluster)) {
            throw ApiProblem.badRequest("cluster: no task of experiment " + id + " with results is in cluster '"
                    + cluster + "'; clusters with results are " + index.clusters());
        }
        if (plot.equals("heatmap") && index.result(which.wireName(), task) == null) {
            throw ApiProblem.conflict("task: '" + task + "' has no results yet (experiment " + experiment.status()
                    + "); try again when it is done");
        }
        boolean svg = format.equals("svg");
        String representation = "plots/" + file + "?" + which.wireName() + "&" + task + "&" + cluster + "&" + roles
                + "&" + selection.wireName() + "&" + selected.representation();
        return ConditionalResponse.of(ifNoneMatch, representation, results, svg ? IMAGE_SVG : MediaType.IMAGE_PNG, () -> {
                    Drawing drawing = switch (plot) {
                        case "curves" -> ResultPlots.curves(experiment, selected, index, which, coverage, roles);
                        case "boxes" -> ResultPlots.boxes(experiment, selected, index, which, cluster, selection,
                                coverage);
                        default -> ResultPlots.heatmap(experiment, selected, index, which, task, coverage);
                    };
                    return svg ? SvgRenderer.render(drawing).getBytes(StandardCharsets.UTF_8)
                            : PngRenderer.render(drawing);
                },
                "X-Mossa-Complete", Boolean.toString(coverage.complete()));
    }
}
