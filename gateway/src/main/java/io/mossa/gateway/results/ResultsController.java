package io.mossa.gateway.results;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.experiment.ExperimentView;
import io.mossa.gateway.results.export.MatrixStack;
import io.mossa.gateway.results.export.TidyCsv;
import io.mossa.gateway.results.plot.BoxChart;
import io.mossa.gateway.results.plot.CurvesChart;
import io.mossa.gateway.results.plot.Drawing;
import io.mossa.gateway.results.plot.HeatmapChart;
import io.mossa.gateway.results.plot.PngRenderer;
import io.mossa.gateway.results.plot.SvgRenderer;
import io.mossa.gateway.results.summary.Completeness;
import io.mossa.gateway.results.summary.LayerSummaryView;
import io.mossa.gateway.results.summary.ResultViews;
import io.mossa.gateway.results.summary.Summary;
import io.mossa.gateway.results.summary.TaskLayersView;
import io.mossa.gateway.upstream.CkaClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Results of an experiment as JSON, views, exports and plots. Every representation has its own URL (exports
 * and plots by file extension) so that a link downloads the same thing in a browser and in curl, and each URL
 * has one strong ETag; GET .../results also answers text/csv by content negotiation. Views and plots of an
 * experiment that has not finished cover the tasks done so far and say so.
 */
@RestController
@RequestMapping("/api/v1/experiments/{id}")
@Tag(name = "Results", description = "CKA results of an experiment: views, CSV/NPY exports, SVG/PNG plots. "
        + "Responses carry a strong ETag; send it back in If-None-Match to get 304 Not Modified.")
public class ResultsController {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    static final MediaType IMAGE_SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");
    static final String NPY = "application/x-npy";
    private static final List<String> PLOTS = List.of("curves", "boxes", "heatmap");
    private static final List<String> FORMATS = List.of("svg", "png");

    private final CkaClient cka;

    public ResultsController(CkaClient cka) {
        this.cka = cka;
    }

    @GetMapping(value = "/results", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "CKA per task and layer pair (JSON)",
            description = "One entry per task and comparison (experimental: E vs C_t, baseline: B vs C_t). "
                    + "Accept: text/csv gives the tidy CSV, text/plain a per-layer table for terminals.")
    @ApiResponse(responseCode = "200", content = {
        @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentResults.class)),
        @Content(mediaType = "text/csv"), @Content(mediaType = "text/plain")})
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @ApiResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<ExperimentResults> results(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id);
        return conditional(ifNoneMatch, "results.json", results, MediaType.APPLICATION_JSON, () -> results,
                HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    @GetMapping(value = "/results", produces = "text/csv")
    @Operation(hidden = true)
    public ResponseEntity<String> resultsAsCsv(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id);
        return conditional(ifNoneMatch, "results.csv", results, TEXT_CSV, () -> TidyCsv.write(results),
                HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    @GetMapping(value = "/results.csv", produces = "text/csv")
    @Operation(summary = "Tidy CSV export (RFC 4180)",
            description = "Header comparison,model_x,model_y,task,cluster,layer_x,layer_y,value; one row per "
                    + "comparison, task and layer pair; CRLF line ends; values in shortest round-trip form.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv"))
    @ApiResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<String> csv(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id);
        return conditional(ifNoneMatch, "results.csv", results, TEXT_CSV, () -> TidyCsv.write(results),
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiment-" + id + ".csv\"");
    }

    @GetMapping(value = "/results.npy", produces = NPY)
    @Operation(summary = "Layer x layer matrices of one comparison as NPY",
            description = "float64 array [tasks, layers_x, layers_y], C order. Header X-Mossa-Tasks lists the "
                    + "tasks of axis 0 (comma separated, each URL-encoded), X-Mossa-Layers-X and "
                    + "X-Mossa-Layers-Y the layer of each index of axes 1 and 2. Cells without a value are NaN "
                    + "(with layerPairs=same only the diagonal is filled).")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = NPY))
    @ApiResponse(responseCode = "400", description = "Unknown comparison",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "comparison=baseline but the experiment has no baseline",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<byte[]> npy(@PathVariable UUID id,
            @Parameter(schema = @Schema(allowableValues = {"experimental", "baseline"}))
            @RequestParam(defaultValue = "experimental") String comparison,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Comparison which = Comparison.parse("comparison", comparison, false);
        ExperimentView experiment = cka.experiment(id);
        requireBaseline(experiment, which);
        ExperimentResults results = cka.results(id);
        MatrixStack stack = MatrixStack.of(results, which.wireName());
        return conditional(ifNoneMatch, "results.npy?" + which.wireName(), results,
                MediaType.parseMediaType(NPY), stack::npy,
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiment-" + id + "-" + which.wireName()
                        + ".npy\"",
                "X-Mossa-Tasks", stack.tasks().stream().map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8))
                        .collect(Collectors.joining(",")),
                "X-Mossa-Layers-X", join(stack.layersX()),
                "X-Mossa-Layers-Y", join(stack.layersY()));
    }

    @GetMapping(value = "/results/layers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per layer across tasks: distribution summaries, overall and per cluster",
            description = "For each same-index layer pair: min, q1, median, q3, max, mean and n over tasks of "
                    + "CKA(E, C_t), CKA(B, C_t) and E - B (per task). Quartiles interpolate linearly between "
                    + "order statistics (numpy's default). coverage says whether every task is included.")
    @ApiResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<LayerSummaryView> layers(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentView experiment = cka.experiment(id);
        ExperimentResults results = cka.results(id);
        ResultsIndex index = new ResultsIndex(results);
        return conditional(ifNoneMatch, "results/layers", results, MediaType.APPLICATION_JSON,
                () -> ResultViews.layers(id, coverage(experiment, results, index), index));
    }

    @GetMapping(value = "/results/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per task and layer: CKA(E, C_t), CKA(B, C_t) and their difference",
            description = "Same-index layer pairs only; the full matrices are in the JSON results and the NPY export.")
    @ApiResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<TaskLayersView> tasks(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentView experiment = cka.experiment(id);
        ExperimentResults results = cka.results(id);
        ResultsIndex index = new ResultsIndex(results);
        return conditional(ifNoneMatch, "results/tasks", results, MediaType.APPLICATION_JSON,
                () -> ResultViews.tasks(id, coverage(experiment, results, index), index));
    }

    @GetMapping(value = "/plots/{file}", produces = {"image/svg+xml", "image/png"})
    @Operation(summary = "Plots rendered by the server (SVG or PNG)",
            description = "file is {plot}.{format}: plot curves (mean per layer, one line per cluster), boxes "
                    + "(one box per layer over all tasks: quartile box, median, whiskers at min and max) or heatmap "
                    + "(the layer x layer matrix of one task; needs layerPairs=all and task=...); format svg or "
                    + "png. A running experiment is plotted from the tasks done so far; the subtitle says so.")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "image/svg+xml"),
        @Content(mediaType = "image/png")})
    @ApiResponse(responseCode = "400", description = "Unknown plot, format, comparison or task",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Heatmap of a layerPairs=same experiment, or of a task "
            + "without results yet", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "A baseline comparison for an experiment without baseline, "
            + "or a heatmap over more than 65536 cells (256 x 256 layers)",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<byte[]> plot(@PathVariable UUID id,
            @Parameter(description = "{plot}.{format}", example = "curves.svg",
                    schema = @Schema(allowableValues = {"curves.svg", "boxes.svg", "heatmap.svg", "curves.png",
                        "boxes.png", "heatmap.png"})) @PathVariable String file,
            @Parameter(description = "difference (E - B per task) only for curves and boxes",
                    schema = @Schema(allowableValues = {"experimental", "baseline", "difference"}))
            @RequestParam(defaultValue = "experimental") String comparison,
            @Parameter(description = "the task of a heatmap") @RequestParam(required = false) String task,
            @Parameter(description = "boxes of one cluster's tasks only (default: every task)")
            @RequestParam(required = false) String cluster,
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
        ExperimentView experiment = cka.experiment(id);
        requireBaseline(experiment, which);
        if (plot.equals("heatmap")) {
            if (!"all".equals(experiment.layerPairs())) {
                throw ApiProblem.conflict("heatmap: experiment " + id + " compared layers with layerPairs="
                        + experiment.layerPairs() + " (same index only), so it has no layer x layer matrix; "
                        + "plot curves or boxes, or run it with layerPairs=all");
            }
            requireTask(experiment, task);
        } else if (task != null) {
            throw ApiProblem.badRequest("task: only the heatmap takes a task; " + plot + " covers every task");
        }
        if (cluster != null && !plot.equals("boxes")) {
            throw ApiProblem.badRequest("cluster: only the box plot takes a cluster; " + plot + " shows "
                    + (plot.equals("curves") ? "every cluster" : "one task"));
        }
        ExperimentResults results = cka.results(id);
        ResultsIndex index = new ResultsIndex(results);
        Completeness coverage = coverage(experiment, results, index);
        if (cluster != null && !index.clusters().contains(cluster)) {
            throw ApiProblem.badRequest("cluster: no task of experiment " + id + " with results is in cluster '"
                    + cluster + "'; clusters with results are " + index.clusters());
        }
        if (plot.equals("heatmap") && index.result(which.wireName(), task) == null) {
            throw ApiProblem.conflict("task: '" + task + "' has no results yet (experiment " + experiment.status()
                    + "); try again when it is done");
        }
        boolean svg = format.equals("svg");
        return conditional(ifNoneMatch, "plots/" + file + "?" + which.wireName() + "&" + task + "&" + cluster, results,
                svg ? IMAGE_SVG : MediaType.IMAGE_PNG, () -> {
                    Drawing drawing = switch (plot) {
                        case "curves" -> curves(experiment, index, which, coverage);
                        case "boxes" -> boxes(experiment, index, which, cluster, coverage);
                        default -> heatmap(experiment, index, which, task, coverage);
                    };
                    return svg ? SvgRenderer.render(drawing).getBytes(StandardCharsets.UTF_8)
                            : PngRenderer.render(drawing);
                },
                "X-Mossa-Complete", Boolean.toString(coverage.complete()));
    }

    private static Drawing curves(ExperimentView experiment, ResultsIndex index, Comparison which,
            Completeness coverage) {
        Map<String, List<Double>> means = new LinkedHashMap<>();
        for (String cluster : index.clusters()) {
            List<String> tasks = index.tasksOf(cluster);
            List<Double> perLayer = new ArrayList<>();
            for (int layer : index.layers()) {
                Summary summary = Summary.of(index.valuesAcross(which, tasks, layer));
                perLayer.add(summary == null ? null : summary.mean());
            }
            means.put(cluster, perLayer);
        }
        return CurvesChart.draw("Mean " + label(which) + " per layer, by cluster", subtitle(experiment, coverage),
                "mean " + label(which), index.layers(), means);
    }

    private static Drawing boxes(ExperimentView experiment, ResultsIndex index, Comparison which, String cluster,
            Completeness coverage) {
        List<String> tasks = cluster == null ? index.tasks() : index.tasksOf(cluster);
        List<Summary> summaries = new ArrayList<>();
        for (int layer : index.layers()) {
            summaries.add(Summary.of(index.valuesAcross(which, tasks, layer)));
        }
        String title = label(which) + " per layer across " + (cluster == null ? "tasks" : "tasks of " + cluster);
        return BoxChart.draw(title, subtitle(experiment, coverage), label(which), index.layers(), summaries);
    }

    private static Drawing heatmap(ExperimentView experiment, ResultsIndex index, Comparison which, String task,
            Completeness coverage) {
        ExperimentResults.Result result = index.result(which.wireName(), task);
        List<Integer> xs = result.values().stream().map(ExperimentResults.LayerValue::layerX).distinct().sorted()
                .toList();
        List<Integer> ys = result.values().stream().map(ExperimentResults.LayerValue::layerY).distinct().sorted()
                .toList();
        if ((long) xs.size() * ys.size() > HeatmapChart.MAX_CELLS) {
            throw ApiProblem.unprocessable("heatmap: " + xs.size() + " x " + ys.size() + " layers exceed the limit of "
                    + HeatmapChart.MAX_CELLS + " cells; download the matrix from results.npy instead");
        }
        double[][] values = new double[xs.size()][ys.size()];
        for (double[] row : values) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (ExperimentResults.LayerValue value : result.values()) {
            values[xs.indexOf(value.layerX())][ys.indexOf(value.layerY())] = value.cka();
        }
        return HeatmapChart.draw(label(which) + " layer x layer, task " + task, subtitle(experiment, coverage),
                "layer of " + result.modelX(), "layer of " + result.modelY(), xs, ys, values);
    }

    private static String label(Comparison which) {
        return switch (which) {
            case EXPERIMENTAL -> "CKA(E, C_t)";
            case BASELINE -> "CKA(B, C_t)";
            case DIFFERENCE -> "CKA(E, C_t) - CKA(B, C_t)";
        };
    }

    private static String subtitle(ExperimentView experiment, Completeness coverage) {
        return "E = " + experiment.experimentalModel()
                + (experiment.baselineModel() == null ? "" : ", B = " + experiment.baselineModel()) + "; "
                + coverage.note();
    }

    private static Completeness coverage(ExperimentView experiment, ExperimentResults results, ResultsIndex index) {
        int total = experiment.tasks() == null ? index.tasks().size() : experiment.tasks().size();
        return Completeness.of(results.status() == null ? experiment.status() : results.status(),
                index.tasks().size(), total);
    }

    private static void requireBaseline(ExperimentView experiment, Comparison which) {
        if (which != Comparison.EXPERIMENTAL && experiment.baselineModel() == null) {
            throw ApiProblem.unprocessable("comparison: experiment " + experiment.id() + " has no baseline model, "
                    + "so '" + which.wireName() + "' does not exist; use experimental");
        }
    }

    private static void requireTask(ExperimentView experiment, String task) {
        List<String> names = experiment.tasks() == null ? List.of()
                : experiment.tasks().stream().map(ExperimentView.TaskSummary::name).toList();
        if (task == null || task.isBlank()) {
            throw ApiProblem.badRequest("task: the heatmap shows one task; give task= one of " + names);
        }
        if (!names.contains(task)) {
            throw ApiProblem.badRequest("task: experiment " + experiment.id() + " has no task '" + task
                    + "'; its tasks are " + names);
        }
    }

    private static String join(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Answers 304 when the client holds this representation already; the body is built only when needed. */
    private static <T> ResponseEntity<T> conditional(String ifNoneMatch, String representation,
            ExperimentResults results, MediaType type, Supplier<T> body, String... headerPairs) {
        String etag = ResultsEtag.of(representation, results);
        boolean notModified = ResultsEtag.matches(ifNoneMatch, etag);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .eTag(etag).cacheControl(CacheControl.noCache());
        for (int i = 0; i < headerPairs.length; i += 2) {
            response.header(headerPairs[i], headerPairs[i + 1]);
        }
        if (notModified) {
            return response.build();
        }
        return response.contentType(type).body(body.get());
    }
}
