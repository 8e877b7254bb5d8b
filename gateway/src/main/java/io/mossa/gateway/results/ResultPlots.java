package io.mossa.gateway.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.experiment.ExperimentView;
import io.mossa.gateway.results.plot.BoxChart;
import io.mossa.gateway.results.plot.CurvesChart;
import io.mossa.gateway.results.plot.Drawing;
import io.mossa.gateway.results.plot.HeatmapChart;
import io.mossa.gateway.results.summary.Completeness;
import io.mossa.gateway.results.summary.Summary;
import io.mossa.web.problem.ApiProblem;

/** Turns results into the drawings of the plots: what is plotted, titled and labelled how. */
final class ResultPlots {

    private ResultPlots() {
    }

    static Drawing curves(ExperimentView experiment, ResultsIndex index, Comparison which,
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

    static Drawing boxes(ExperimentView experiment, ResultsIndex index, Comparison which, String cluster,
            Completeness coverage) {
        List<String> tasks = cluster == null ? index.tasks() : index.tasksOf(cluster);
        List<Summary> summaries = new ArrayList<>();
        for (int layer : index.layers()) {
            summaries.add(Summary.of(index.valuesAcross(which, tasks, layer)));
        }
        String title = label(which) + " per layer across " + (cluster == null ? "tasks" : "tasks of " + cluster);
        return BoxChart.draw(title, subtitle(experiment, coverage), label(which), index.layers(), summaries);
    }

    static Drawing heatmap(ExperimentView experiment, ResultsIndex index, Comparison which, String task,
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
            Arrays.fill(row, Double.NaN);
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
}
