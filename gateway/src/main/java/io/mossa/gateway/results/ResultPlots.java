package io.mossa.gateway.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.plot.BoxChart;
import io.mossa.gateway.results.plot.CurvesChart;
import io.mossa.gateway.results.plot.Drawing;
import io.mossa.gateway.results.plot.HeatmapChart;
import io.mossa.gateway.results.roles.LayerRoles;
import io.mossa.gateway.results.summary.Completeness;
import io.mossa.gateway.results.summary.Summary;
import io.mossa.web.problem.ApiProblem;

/** Turns results into the drawings of the plots: what is plotted, titled and labelled how. */
final class ResultPlots {

    private ResultPlots() {
    }

    /**
     * One curve per cluster and kind of task: a cluster's held-out tasks get their own dashed curve in the
     * cluster's colour. Role bands, when asked, are those of GET .../results/roles for the trained tasks of the
     * plotted comparison (of the default one for baseline curves, which roles do not describe).
     */
    static Drawing curves(ExperimentView experiment, MeasureSelection measure, ResultsIndex index, Comparison which,
            Completeness coverage, boolean withRoles) {
        List<CurvesChart.Series> series = new ArrayList<>();
        List<String> clusters = index.clusters();
        for (int c = 0; c < clusters.size(); c++) {
            for (boolean heldOut : new boolean[] {false, true}) {
                List<String> tasks = index.withHeldOut(index.tasksOf(clusters.get(c)), heldOut);
                if (tasks.isEmpty()) {
                    continue;
                }
                List<Double> perLayer = new ArrayList<>();
                for (int layer : index.layers()) {
                    Summary summary = Summary.of(index.valuesAcross(which, tasks, layer));
                    perLayer.add(summary == null ? null : summary.mean());
                }
                series.add(new CurvesChart.Series(clusters.get(c) + (heldOut ? " (held-out)" : ""), c, heldOut,
                        perLayer));
            }
        }
        CurvesChart.Roles roles = null;
        if (withRoles) {
            Comparison segmented = which == Comparison.BASELINE ? ExperimentRoles.defaultComparison(experiment)
                    : which;
            LayerRoles.Roles found = ExperimentRoles.view(experiment.id(), measure.measure(), coverage, index,
                    segmented,
                    TaskSelection.TRAINED, null).roles();
            roles = new CurvesChart.Roles(found.segments().stream()
                    .map(s -> new CurvesChart.Band(s.role(), s.firstLayer(), s.lastLayer())).toList(),
                    "none (" + found.reason() + ")");
        }
        return CurvesChart.draw("Mean " + label(measure, which) + " per layer, by cluster",
                subtitle(experiment, measure, coverage), "mean " + label(measure, which), index.layers(), series,
                roles);
    }

    static Drawing boxes(ExperimentView experiment, MeasureSelection measure, ResultsIndex index, Comparison which,
            String cluster, TaskSelection selection, Completeness coverage) {
        List<String> tasks = selection.of(index, cluster == null ? index.tasks() : index.tasksOf(cluster));
        List<Summary> summaries = new ArrayList<>();
        for (int layer : index.layers()) {
            summaries.add(Summary.of(index.valuesAcross(which, tasks, layer)));
        }
        String kind = selection == TaskSelection.ALL ? "" : selection.wireName() + " ";
        String title = label(measure, which) + " per layer across " + kind + (cluster == null ? "tasks" : "tasks of " + cluster);
        return BoxChart.draw(title, subtitle(experiment, measure, coverage), label(measure, which), index.layers(),
                summaries);
    }

    static Drawing heatmap(ExperimentView experiment, MeasureSelection measure, ResultsIndex index, Comparison which,
            String task, Completeness coverage) {
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
        return HeatmapChart.draw(label(measure, which) + " layer x layer, task " + task,
                subtitle(experiment, measure, coverage),
                "layer of " + result.modelX(), "layer of " + result.modelY(), xs, ys, values);
    }

    /** "CKA(E, C_t)", or "procrustes distance(E, C_t)": a distance is named as one on every axis and title. */
    private static String label(MeasureSelection measure, Comparison which) {
        String m = measure.label();
        return switch (which) {
            case EXPERIMENTAL -> m + "(E, C_t)";
            case BASELINE -> m + "(B, C_t)";
            case DIFFERENCE -> m + "(E, C_t) - " + m + "(B, C_t)";
        };
    }

    private static String subtitle(ExperimentView experiment, MeasureSelection measure, Completeness coverage) {
        return (measure.isDistance() ? "a distance: smaller = more alike; " : "")
                + "E = " + experiment.models().experimental()
                + (experiment.models().baseline() == null ? "" : ", B = " + experiment.models().baseline()) + "; "
                + coverage.note();
    }
}
