package io.mossa.gateway.results.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.Comparison;
import io.mossa.gateway.results.ResultsIndex;

/** Builds the per-layer and per-task views from an experiment's results. */
public final class ResultViews {

    private ResultViews() {
    }

    public static LayerSummaryView layers(UUID id, MeasureType measure, Completeness coverage, ResultsIndex index) {
        List<LayerSummaryView.Group> clusters = new ArrayList<>();
        for (String cluster : index.clusters()) {
            for (boolean heldOut : new boolean[] {false, true}) {
                List<String> tasks = index.withHeldOut(index.tasksOf(cluster), heldOut);
                if (!tasks.isEmpty()) {
                    clusters.add(group(index, cluster, heldOut, tasks));
                }
            }
        }
        List<String> trained = index.withHeldOut(index.tasks(), false);
        List<String> heldOut = index.withHeldOut(index.tasks(), true);
        Boolean overallKind = heldOut.isEmpty() ? Boolean.FALSE : trained.isEmpty() ? Boolean.TRUE : null;
        return new LayerSummaryView(id, measure, coverage, group(index, null, overallKind, index.tasks()),
                trained.isEmpty() ? null : group(index, null, false, trained),
                heldOut.isEmpty() ? null : group(index, null, true, heldOut), clusters);
    }

    private static LayerSummaryView.Group group(ResultsIndex index, String cluster, Boolean heldOut,
            List<String> tasks) {
        List<LayerSummaryView.LayerStats> stats = new ArrayList<>();
        for (int layer : index.layers()) {
            stats.add(new LayerSummaryView.LayerStats(layer,
                    Summary.of(index.valuesAcross(Comparison.EXPERIMENTAL, tasks, layer)),
                    Summary.of(index.valuesAcross(Comparison.BASELINE, tasks, layer)),
                    Summary.of(index.valuesAcross(Comparison.DIFFERENCE, tasks, layer))));
        }
        return new LayerSummaryView.Group(cluster, heldOut, tasks, stats);
    }

    public static TaskLayersView tasks(UUID id, MeasureType measure, Completeness coverage, ResultsIndex index) {
        List<TaskLayersView.TaskLayers> tasks = new ArrayList<>();
        for (String task : index.tasks()) {
            ExperimentResults.Result any = index.result("experimental", task);
            if (any == null) {
                any = index.result("baseline", task);
            }
            List<TaskLayersView.LayerValues> layers = new ArrayList<>();
            for (int layer : index.layers()) {
                ExperimentResults.LayerValue e = index.sameIndex("experimental", task, layer);
                ExperimentResults.LayerValue b = index.sameIndex("baseline", task, layer);
                layers.add(new TaskLayersView.LayerValues(layer,
                        e == null ? null : e.cka(), b == null ? null : b.cka(),
                        index.value(Comparison.DIFFERENCE, task, layer),
                        e == null ? null : e.pValue(), e == null ? null : e.ciLow(), e == null ? null : e.ciHigh(),
                        b == null ? null : b.pValue(), b == null ? null : b.ciLow(), b == null ? null : b.ciHigh()));
            }
            tasks.add(new TaskLayersView.TaskLayers(task, index.cluster(task), index.heldOut(task), index.split(task),
                    any.modelY(), any.n(), layers));
        }
        return new TaskLayersView(id, measure, coverage, tasks);
    }
}
