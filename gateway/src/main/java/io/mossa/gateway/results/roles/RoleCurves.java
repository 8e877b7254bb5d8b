package io.mossa.gateway.results.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mossa.gateway.results.Comparison;
import io.mossa.gateway.results.ResultsIndex;

/**
 * The curves the roles are read from: per layer, the mean across the selected tasks of one comparison and,
 * with two or more tasks, their standard deviation (population, divided by n). Both are in CKA units, so
 * neither is rescaled: a curve that barely changes across layers barely weighs in the fit. A layer where no
 * selected task has a value is left out.
 */
public record RoleCurves(List<String> tasks, List<Integer> layers, Map<String, double[]> curves) {

    public static final String MEAN = "mean";
    public static final String SD = "sd";

    public static RoleCurves of(ResultsIndex index, Comparison comparison, List<String> tasks) {
        List<Integer> layers = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        for (int layer : index.layers()) {
            List<Double> values = index.valuesAcross(comparison, tasks, layer);
            if (values.isEmpty()) {
                continue;
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            layers.add(layer);
            means.add(mean);
            sds.add(Math.sqrt(squares / values.size()));
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put(MEAN, means.stream().mapToDouble(Double::doubleValue).toArray());
        if (tasks.size() > 1) {
            curves.put(SD, sds.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new RoleCurves(List.copyOf(tasks), List.copyOf(layers), curves);
    }

    public LayerRoles.Roles roles() {
        return LayerRoles.of(layers, curves);
    }
}
