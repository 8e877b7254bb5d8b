package io.mossa.gateway.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.measure.MeasureKind;
import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.experiment.ExperimentResults;

/**
 * Renders results as a plain-text table for terminals: per measure and comparison, one row per layer, one column
 * per task, and the mean across tasks. Only same-index layer pairs are shown; full matrices are in the JSON.
 */
final class ResultsTable {

    private ResultsTable() {
    }

    static String render(ExperimentView experiment, ExperimentResults results) {
        StringBuilder out = new StringBuilder();
        out.append("Experiment ").append(experiment.id()).append("  \"").append(experiment.name()).append("\"\n");
        out.append("status ").append(experiment.status()).append(", ").append(experiment.progress().unitsDone())
                .append('/').append(experiment.progress().unitsTotal()).append(" tasks done, pooling=")
                .append(experiment.layers().pooling().wire()).append('\n');
        if (experiment.failure() != null) {
            out.append("failure: ").append(experiment.failure()).append('\n');
        }
        List<MeasureType> measures = results.results().stream().map(ExperimentResults.Result::measure).distinct()
                .toList();
        for (MeasureType measure : measures) {
            for (String comparison : List.of("experimental", "baseline")) {
                List<ExperimentResults.Result> rows = results.results().stream()
                        .filter(r -> r.measure() == measure && r.comparison().equals(comparison)).toList();
                if (!rows.isEmpty()) {
                    table(out, comparison, rows);
                }
            }
        }
        if (results.results().isEmpty()) {
            out.append("no results yet\n");
        }
        return out.toString();
    }

    private static String describe(ExperimentResults.Result result) {
        MeasureType measure = result.measure();
        if (measure == MeasureType.CKA) {
            return result.kernel() + " CKA, " + result.estimator() + " estimator";
        }
        return measure.wire() + (measure.kind() == MeasureKind.DISTANCE ? " (a distance: smaller = more alike)" : "");
    }

    private static void table(StringBuilder out, String comparison, List<ExperimentResults.Result> rows) {
        ExperimentResults.Result first = rows.get(0);
        out.append('\n').append(comparison.equals("experimental") ? "E" : "B").append(" = ").append(first.modelX())
                .append(" vs the control of each task; ").append(describe(first)).append('\n');
        Map<Integer, List<Double>> byLayer = new TreeMap<>();
        Map<String, Map<Integer, Double>> byTask = new LinkedHashMap<>();
        for (ExperimentResults.Result row : rows) {
            Map<Integer, Double> values = byTask.computeIfAbsent(row.task(), t -> new TreeMap<>());
            for (ExperimentResults.LayerValue value : row.values()) {
                if (value.layerX() == value.layerY()) {
                    values.put(value.layerX(), value.cka());
                    byLayer.computeIfAbsent(value.layerX(), l -> new ArrayList<>()).add(value.cka());
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%-6s", "layer"));
        for (int t = 1; t <= byTask.size(); t++) {
            out.append(String.format(Locale.ROOT, "%8s", "t" + t));
        }
        out.append(String.format(Locale.ROOT, "%8s%n", "mean"));
        for (Map.Entry<Integer, List<Double>> layer : byLayer.entrySet()) {
            out.append(String.format(Locale.ROOT, "%-6d", layer.getKey()));
            for (Map<Integer, Double> task : byTask.values()) {
                Double value = task.get(layer.getKey());
                out.append(value == null ? String.format(Locale.ROOT, "%8s", "-")
                        : String.format(Locale.ROOT, "%8.4f", value));
            }
            double mean = layer.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            out.append(String.format(Locale.ROOT, "%8.4f%n", mean));
        }
        int t = 1;
        for (ExperimentResults.Result row : rows) {
            out.append(String.format(Locale.ROOT, "  t%d = %s (cluster %s, control %s, n=%d)%n", t++, row.task(),
                    row.cluster(), row.modelY(), row.n()));
        }
    }
}
