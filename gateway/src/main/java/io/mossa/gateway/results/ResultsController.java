package io.mossa.gateway.results;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

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
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.experiment.ExperimentAccess;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.export.MatricesJson;
import io.mossa.gateway.results.export.MatrixStack;
import io.mossa.gateway.results.export.TidyCsv;
import io.mossa.gateway.results.summary.LayerSummaryView;
import io.mossa.gateway.results.summary.ResultViews;
import io.mossa.gateway.results.summary.TaskLayersView;
import io.mossa.gateway.upstream.CkaClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Results of an experiment as JSON, views and exports. Every export has its own URL (by file extension) so that
 * a link downloads the same thing in a browser and in curl, and each URL has one strong ETag; GET .../results
 * also answers text/csv by content negotiation. Views of an experiment that has not finished cover the tasks
 * done so far and say so in their coverage.
 */
@RestController
@RequestMapping("/api/v1/experiments/{id}")
@Tag(name = "Results", description = "Results of an experiment, every measure it computed: views, CSV/NPY exports, "
        + "SVG/PNG plots (views, matrices and plots show one measure at a time, parameter measure). "
        + "Responses carry a strong ETag; send it back in If-None-Match to get 304 Not Modified.")
public class ResultsController {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    static final String NPY = "application/x-npy";
    static final String MEASURE_PARAMETER = "which of the experiment's measures (default: its first); a measure it "
            + "did not compute is a 400";

    private final CkaClient cka;
    private final ExperimentAccess access;

    public ResultsController(CkaClient cka, ExperimentAccess access) {
        this.cka = cka;
        this.access = access;
    }

    @GetMapping(value = "/results", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every measure per task and layer pair (JSON)",
            description = "One entry per task, comparison (experimental: E vs C_t, baseline: B vs C_t) and measure, "
                    + "in the experiment's order of measures; the value of each layer pair is field cka whatever "
                    + "the measure (the name predates the other measures). "
                    + "Accept: text/csv gives the tidy CSV, text/plain a per-layer table for terminals.")
    @ApiResponse(responseCode = "200", content = {
        @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentResults.class)),
        @Content(mediaType = "text/csv"), @Content(mediaType = "text/plain")})
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    public ResponseEntity<ExperimentResults> results(@PathVariable UUID id, HttpServletRequest request,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id, ExperimentAccess.readableBy(Caller.of(request)));
        return ConditionalResponse.of(ifNoneMatch, "results.json", results, MediaType.APPLICATION_JSON, () -> results,
                HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    @GetMapping(value = "/results", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(hidden = true)
    public String resultsTable(@PathVariable UUID id, HttpServletRequest request) {
        return ResultsTable.render(access.readable(id, Caller.of(request)), cka.results(id, null));
    }

    @GetMapping(value = "/results", produces = "text/csv")
    @Operation(hidden = true)
    public ResponseEntity<String> resultsAsCsv(@PathVariable UUID id, HttpServletRequest request,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id, ExperimentAccess.readableBy(Caller.of(request)));
        return ConditionalResponse.of(ifNoneMatch, "results.csv", results, TEXT_CSV, () -> TidyCsv.write(results),
                HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    @GetMapping(value = "/results.csv", produces = "text/csv")
    @Operation(summary = "Tidy CSV export (RFC 4180)",
            description = "Header comparison,model_x,model_y,task,cluster,layer_x,layer_y,value,held_out,split,"
                    + "p_value,ci_low,ci_high,measure; one row per comparison, task, layer pair and measure; CRLF "
                    + "line ends; values in shortest round-trip form; split, p_value, ci_low and ci_high empty when "
                    + "absent.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv"))
    @ApiResponse(responseCode = "404", description = "No such experiment")
    public ResponseEntity<String> csv(@PathVariable UUID id, HttpServletRequest request,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentResults results = cka.results(id, ExperimentAccess.readableBy(Caller.of(request)));
        return ConditionalResponse.of(ifNoneMatch, "results.csv", results, TEXT_CSV, () -> TidyCsv.write(results),
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiment-" + id + ".csv\"");
    }

    @GetMapping(value = "/results.npy", produces = NPY)
    @Operation(summary = "Layer x layer matrices of one comparison as NPY",
            description = "float64 array [tasks, layers_x, layers_y], C order. Header X-Mossa-Tasks lists the "
                    + "tasks of axis 0 (comma separated, each URL-encoded), X-Mossa-Layers-X and "
                    + "X-Mossa-Layers-Y the layer of each index of axes 1 and 2. Cells without a value are NaN "
                    + "(with layerPairs=same only the diagonal is filled).")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = NPY))
    @ApiResponse(responseCode = "400", description = "Unknown comparison, or a measure the experiment did not compute")
    @ApiResponse(responseCode = "422", description = "comparison=baseline but the experiment has no baseline")
    public ResponseEntity<byte[]> npy(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(schema = @Schema(allowableValues = {"experimental", "baseline"}))
            @RequestParam(defaultValue = "experimental") String comparison,
            @Parameter(description = MEASURE_PARAMETER) @RequestParam(required = false) String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Comparison which = Comparison.parse("comparison", comparison, false);
        ExperimentView experiment = access.readable(id, Caller.of(request));
        ExperimentChecks.requireBaseline(experiment, which);
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        MatrixStack stack = MatrixStack.of(results, which.wireName());
        return ConditionalResponse.of(ifNoneMatch, "results.npy?" + which.wireName() + "&" + selected.representation(),
                results,
                MediaType.parseMediaType(NPY), stack::npy,
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiment-" + id + "-" + which.wireName()
                        + "-" + selected.measure().wire() + ".npy\"",
                "X-Mossa-Measure", selected.measure().wire(),
                "X-Mossa-Tasks", stack.tasks().stream().map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8))
                        .collect(Collectors.joining(",")),
                "X-Mossa-Layers-X", join(stack.layersX()),
                "X-Mossa-Layers-Y", join(stack.layersY()));
    }

    @GetMapping(value = "/results/matrices", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Layer x layer matrices of one comparison as JSON",
            description = "The NPY export's array nested as [task][layerX index][layerY index] with the axes named "
                    + "(tasks, layersX, layersY), null for a pair without a value; pValue, ciLow and ciHigh the same "
                    + "way when the experiment computed them.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = MatricesJson.class)))
    @ApiResponse(responseCode = "400", description = "Unknown comparison, or a measure the experiment did not compute")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    @ApiResponse(responseCode = "422", description = "comparison=baseline but the experiment has no baseline")
    public ResponseEntity<MatricesJson> matrices(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(schema = @Schema(allowableValues = {"experimental", "baseline"}))
            @RequestParam(defaultValue = "experimental") String comparison,
            @Parameter(description = MEASURE_PARAMETER) @RequestParam(required = false) String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Comparison which = Comparison.parse("comparison", comparison, false);
        ExperimentView experiment = access.readable(id, Caller.of(request));
        ExperimentChecks.requireBaseline(experiment, which);
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        return ConditionalResponse.of(ifNoneMatch, "results/matrices?" + which.wireName() + "&"
                        + selected.representation(), results, MediaType.APPLICATION_JSON,
                () -> MatricesJson.of(results, which.wireName(), selected.measure()));
    }

    @GetMapping(value = "/results/layers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per layer across tasks: distribution summaries, overall and per cluster",
            description = "For each same-index layer pair: min, q1, median, q3, max, mean and n over tasks of "
                    + "m(E, C_t), m(B, C_t) and E - B (per task), m the chosen measure. Quartiles interpolate linearly between "
                    + "order statistics (numpy's default). Groups: overall (every task), trained, heldOut, and per "
                    + "cluster (a cluster with both kinds of task gives a trained and a held-out group). coverage "
                    + "says whether every task is included.")
    @ApiResponse(responseCode = "400", description = "A measure the experiment did not compute")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    public ResponseEntity<LayerSummaryView> layers(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(description = MEASURE_PARAMETER) @RequestParam(required = false) String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentView experiment = access.readable(id, Caller.of(request));
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        ResultsIndex index = new ResultsIndex(results);
        return ConditionalResponse.of(ifNoneMatch, "results/layers?" + selected.representation(), results,
                MediaType.APPLICATION_JSON, () -> ResultViews.layers(id, selected.measure(),
                        ExperimentChecks.coverage(experiment, results, index), index));
    }

    @GetMapping(value = "/results/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per task and layer: m(E, C_t), m(B, C_t) and their difference, m the chosen measure",
            description = "Same-index layer pairs only, with each task's held-out flag and split, and the p-value and "
                    + "bootstrap interval of each side when computed; the full matrices are in the JSON results, "
                    + "results/matrices and the NPY export.")
    @ApiResponse(responseCode = "400", description = "A measure the experiment did not compute")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    public ResponseEntity<TaskLayersView> tasks(@PathVariable UUID id, HttpServletRequest request,
            @Parameter(description = MEASURE_PARAMETER) @RequestParam(required = false) String measure,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ExperimentView experiment = access.readable(id, Caller.of(request));
        MeasureSelection selected = MeasureSelection.of(experiment, measure);
        ExperimentResults results = selected.of(cka.results(id, null));
        ResultsIndex index = new ResultsIndex(results);
        return ConditionalResponse.of(ifNoneMatch, "results/tasks?" + selected.representation(), results,
                MediaType.APPLICATION_JSON, () -> ResultViews.tasks(id, selected.measure(),
                        ExperimentChecks.coverage(experiment, results, index), index));
    }

    private static String join(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

}
