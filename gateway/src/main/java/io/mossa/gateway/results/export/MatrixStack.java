package io.mossa.gateway.results.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.tensor.npy.NpyWriter;

/**
 * The layer x layer matrices of one comparison stacked over tasks: float64 [tasks, layersX, layersY] in C
 * order. Axis 0 follows {@link #tasks()}, axes 1 and 2 follow {@link #layersX()} and {@link #layersY()} (the
 * union of the layers over all tasks, ascending). A cell without a value is NaN; with layerPairs=same only
 * the diagonal is filled.
 */
public record MatrixStack(List<String> tasks, List<Integer> layersX, List<Integer> layersY, double[] values) {

    public static MatrixStack of(ExperimentResults results, String comparison) {
        return of(results, comparison, ExperimentResults.LayerValue::cka);
    }

    /** The stack of one field of the values (a missing field, as a p-value not computed, is NaN too). */
    public static MatrixStack of(ExperimentResults results, String comparison,
            Function<ExperimentResults.LayerValue, Double> field) {
        List<ExperimentResults.Result> rows =
                results.results().stream().filter(r -> r.comparison().equals(comparison)).toList();
        TreeSet<Integer> xs = new TreeSet<>();
        TreeSet<Integer> ys = new TreeSet<>();
        List<String> tasks = new ArrayList<>();
        for (ExperimentResults.Result row : rows) {
            tasks.add(row.task());
            for (ExperimentResults.LayerValue value : row.values()) {
                xs.add(value.layerX());
                ys.add(value.layerY());
            }
        }
        List<Integer> layersX = List.copyOf(xs);
        List<Integer> layersY = List.copyOf(ys);
        double[] values = new double[tasks.size() * layersX.size() * layersY.size()];
        Arrays.fill(values, Double.NaN);
        for (int t = 0; t < rows.size(); t++) {
            for (ExperimentResults.LayerValue value : rows.get(t).values()) {
                int i = layersX.indexOf(value.layerX());
                int j = layersY.indexOf(value.layerY());
                Double v = field.apply(value);
                values[(t * layersX.size() + i) * layersY.size() + j] = v == null ? Double.NaN : v;
            }
        }
        return new MatrixStack(tasks, layersX, layersY, values);
    }

    /** The value at (task, x, y) by index, NaN when there is none. */
    public double at(int task, int x, int y) {
        return values[(task * layersX.size() + x) * layersY.size() + y];
    }

    public int[] shape() {
        return new int[] {tasks.size(), layersX.size(), layersY.size()};
    }

    public byte[] npy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + values.length * Double.BYTES);
        try {
            NpyWriter.writeFloat64(out, shape(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
