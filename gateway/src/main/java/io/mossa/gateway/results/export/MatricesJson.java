package io.mossa.gateway.results.export;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.experiment.ExperimentResults;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The layer x layer matrices of one comparison as JSON: the same array as the NPY export, nested
 * [task][layerX][layerY], with null where the NPY has NaN; the p-values and interval ends alike, each null as a
 * whole when the experiment computed none.
 */
@Schema(description = "Layer x layer matrices of one comparison, [task][layerX index][layerY index]")
public record MatricesJson(
        UUID experimentId,
        @Schema(allowableValues = {"experimental", "baseline"}) String comparison,
        @Schema(description = "the measure of every value (views show one measure at a time)") MeasureType measure,
        @Schema(description = "axis 0") List<String> tasks,
        @Schema(description = "the cluster of each task") List<String> clusters,
        @Schema(description = "the held-out flag of each task") List<Boolean> heldOut,
        @Schema(description = "the layer of each index of axis 1") List<Integer> layersX,
        @Schema(description = "the layer of each index of axis 2") List<Integer> layersY,
        @Schema(description = "the measure's values (the name predates the other measures); null for a layer pair "
                + "without a value (layerPairs=same fills the diagonal)")
        List<List<List<Double>>> cka,
        @Schema(description = "permutation p-values; null when not computed", nullable = true)
        List<List<List<Double>>> pValue,
        @Schema(description = "bootstrap interval low ends; null when not computed", nullable = true)
        List<List<List<Double>>> ciLow,
        @Schema(description = "bootstrap interval high ends; null when not computed", nullable = true)
        List<List<List<Double>>> ciHigh) {

    /** @param results the results of {@code measure} alone */
    public static MatricesJson of(ExperimentResults results, String comparison, MeasureType measure) {
        List<ExperimentResults.Result> rows =
                results.results().stream().filter(r -> r.comparison().equals(comparison)).toList();
        MatrixStack cka = MatrixStack.of(results, comparison);
        return new MatricesJson(results.experimentId(), comparison, measure, cka.tasks(),
                rows.stream().map(ExperimentResults.Result::cluster).toList(),
                rows.stream().map(ExperimentResults.Result::heldOut).toList(), cka.layersX(), cka.layersY(),
                nested(cka), optional(results, comparison, ExperimentResults.LayerValue::pValue),
                optional(results, comparison, ExperimentResults.LayerValue::ciLow),
                optional(results, comparison, ExperimentResults.LayerValue::ciHigh));
    }

    private static List<List<List<Double>>> optional(ExperimentResults results, String comparison,
            Function<ExperimentResults.LayerValue, Double> field) {
        boolean any = results.results().stream().filter(r -> r.comparison().equals(comparison))
                .flatMap(r -> r.values().stream()).anyMatch(v -> field.apply(v) != null);
        return any ? nested(MatrixStack.of(results, comparison, field)) : null;
    }

    private static List<List<List<Double>>> nested(MatrixStack stack) {
        List<List<List<Double>>> tasks = new ArrayList<>();
        for (int t = 0; t < stack.tasks().size(); t++) {
            List<List<Double>> rows = new ArrayList<>();
            for (int x = 0; x < stack.layersX().size(); x++) {
                List<Double> row = new ArrayList<>();
                for (int y = 0; y < stack.layersY().size(); y++) {
                    double v = stack.at(t, x, y);
                    row.add(Double.isNaN(v) ? null : v);
                }
                rows.add(row);
            }
            tasks.add(rows);
        }
        return tasks;
    }
}
