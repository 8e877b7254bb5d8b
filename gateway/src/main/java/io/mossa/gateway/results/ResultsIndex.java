package io.mossa.gateway.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.mossa.gateway.experiment.ExperimentResults;

/**
 * Results arranged for lookups: tasks in the order cka-service reports them, their clusters and held-out
 * flags, and the same-index value (layerX == layerY) of each comparison per task and layer.
 */
public final class ResultsIndex {

    private final List<String> tasks = new ArrayList<>();
    private final Map<String, String> clusterOfTask = new LinkedHashMap<>();
    private final Map<String, ExperimentResults.Result> firstOfTask = new LinkedHashMap<>();
    private final Map<String, Map<String, ExperimentResults.Result>> byComparison = new LinkedHashMap<>();
    private final TreeSet<Integer> layers = new TreeSet<>();

    public ResultsIndex(ExperimentResults results) {
        for (ExperimentResults.Result result : results.results()) {
            if (!clusterOfTask.containsKey(result.task())) {
                tasks.add(result.task());
                clusterOfTask.put(result.task(), result.cluster());
                firstOfTask.put(result.task(), result);
            }
            byComparison.computeIfAbsent(result.comparison(), c -> new LinkedHashMap<>()).put(result.task(), result);
            for (ExperimentResults.LayerValue value : result.values()) {
                if (value.layerX() == value.layerY()) {
                    layers.add(value.layerX());
                }
            }
        }
    }

    /** Tasks with at least one result, in cka-service's order. */
    public List<String> tasks() {
        return List.copyOf(tasks);
    }

    public String cluster(String task) {
        return clusterOfTask.get(task);
    }

    /** Whether the task was held out of E's training; both comparisons of a task carry the same flag. */
    public boolean heldOut(String task) {
        ExperimentResults.Result result = firstOfTask.get(task);
        return result != null && result.heldOut();
    }

    /** The task's split name, or null. */
    public String split(String task) {
        ExperimentResults.Result result = firstOfTask.get(task);
        return result == null ? null : result.split();
    }

    /** The given tasks that are held out (true) or trained (false), in the given order. */
    public List<String> withHeldOut(List<String> someTasks, boolean heldOut) {
        return someTasks.stream().filter(t -> heldOut(t) == heldOut).toList();
    }

    /** Clusters in order of their first task. */
    public List<String> clusters() {
        return clusterOfTask.values().stream().distinct().toList();
    }

    /** Layers with a same-index value in any result, ascending. */
    public List<Integer> layers() {
        return List.copyOf(layers);
    }

    public boolean hasBaseline() {
        return byComparison.containsKey("baseline");
    }

    public ExperimentResults.Result result(String comparison, String task) {
        Map<String, ExperimentResults.Result> results = byComparison.get(comparison);
        return results == null ? null : results.get(task);
    }

    /** The same-index value, or null when the task has no such value; the difference needs both sides. */
    public Double value(Comparison comparison, String task, int layer) {
        if (comparison == Comparison.DIFFERENCE) {
            Double e = value(Comparison.EXPERIMENTAL, task, layer);
            Double b = value(Comparison.BASELINE, task, layer);
            return e == null || b == null ? null : e - b;
        }
        ExperimentResults.LayerValue value = sameIndex(comparison.wireName(), task, layer);
        return value == null ? null : value.cka();
    }

    /** The same-index value with its p-value and interval, or null. */
    public ExperimentResults.LayerValue sameIndex(String comparison, String task, int layer) {
        ExperimentResults.Result result = result(comparison, task);
        if (result == null) {
            return null;
        }
        for (ExperimentResults.LayerValue value : result.values()) {
            if (value.layerX() == layer && value.layerY() == layer) {
                return value;
            }
        }
        return null;
    }

    /** Values of one comparison and layer across the given tasks, skipping tasks without one. */
    public List<Double> valuesAcross(Comparison comparison, List<String> someTasks, int layer) {
        List<Double> values = new ArrayList<>();
        for (String task : someTasks) {
            Double value = value(comparison, task, layer);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    public List<String> tasksOf(String cluster) {
        return tasks.stream().filter(t -> clusterOfTask.get(t).equals(cluster)).toList();
    }
}
