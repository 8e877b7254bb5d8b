package io.mossa.gateway.results.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.Comparison;
import io.mossa.gateway.results.ResultsIndex;

/** Builds the per-layer and per-task views from an experiment's results. */
public final class ResultViews {

    private ResultViews() {
    }

    public static LayerSummaryView layers(UUID id, Completeness coverage, ResultsIndex index) {
        List<LayerSummaryView.Group> clusters = new ArrayList<>();
        for (String cluster : index.clusters()) {
            clusters.add(group(index, cluster, index.tasksOf(cluster)));
        }
        return new LayerSummaryView(id, coverage, group(index, null, index.tasks()), clusters);
    }

    private static LayerSummaryView.Group group(ResultsIndex index, String cluster, List<String> tasks) {
        List<LayerSummaryView.LayerStats> stats = new ArrayList<>();
        for (int layer : index.layers()) {
            stats.add(new LayerSummaryView.LayerStats(layer,
                    Summary.of(index.valuesAcross(Comparison.EXPERIMENTAL, tasks, layer)),
                    Summary.of(index.valuesAcross(Comparison.BASELINE, tasks, layer)),
                    Summary.of(index.valuesAcross(Comparison.DIFFERENCE, tasks, layer))));
        }
        return new LayerSummaryView.Group(cluster, tasks, stats);
    }

    public static TaskLayersView tasks(UUID id, Completeness coverage, ResultsIndex index) {
        List<TaskLayersView.TaskLayers> tasks = new ArrayList<>();
        for (String task : index.tasks()) {
            ExperimentResults.Result any = index.result("experimental", task);
            if (any == null) {
                any = index.result("baseline", task);
            }
            List<TaskLayersView.LayerValues> layers = new ArrayList<>();
            for (int layer : index.layers()) {
                layers.add(new TaskLayersView.LayerValues(layer,
                        index.value(Comparison.EXPERIMENTAL, task, layer),
                        index.value(Comparison.BASELINE, task, layer),
                        index.value(Comparison.DIFFERENCE, task, layer)));
            }
            tasks.add(new TaskLayersView.TaskLayers(task, index.cluster(task), any.modelY(), any.n(), layers));
        }
        return new TaskLayersView(id, coverage, tasks);
    }
}
