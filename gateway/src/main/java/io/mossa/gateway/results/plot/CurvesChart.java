package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-layer curves: x the layer, y the mean across a cluster's tasks, one polyline per cluster (role
 * {@code series}, titled with the cluster) and a legend. A layer where a cluster has no value is skipped.
 */
public final class CurvesChart {

    private CurvesChart() {
    }

    /** @param meansByCluster per cluster, the mean at each of {@code layers} (null where there is none) */
    public static Drawing draw(String title, String subtitle, String yLabel, List<Integer> layers,
            Map<String, List<Double>> meansByCluster) {
        Drawing drawing = PlotFrame.start(title, subtitle);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> means : meansByCluster.values()) {
            for (Double mean : means) {
                if (mean != null) {
                    lo = Math.min(lo, mean);
                    hi = Math.max(hi, mean);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        LinearScale y = LinearScale.nice(lo, hi, PlotFrame.BOTTOM, PlotFrame.TOP);
        double first = layers.isEmpty() ? 0 : layers.get(0);
        double last = layers.isEmpty() ? 1 : layers.get(layers.size() - 1);
        LinearScale x = first == last ? new LinearScale(first - 1, last + 1, PlotFrame.LEFT + 10, PlotFrame.RIGHT - 10)
                : new LinearScale(first, last, PlotFrame.LEFT + 10, PlotFrame.RIGHT - 10);
        PlotFrame.yAxis(drawing, y, yLabel);
        PlotFrame.xAxis(drawing, layers, layers.stream().map(l -> x.map(l)).toList(), "layer");

        int series = 0;
        for (Map.Entry<String, List<Double>> cluster : meansByCluster.entrySet()) {
            Rgb colour = Rgb.categorical(series);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Double mean = cluster.getValue().get(i);
                if (mean != null) {
                    xs.add(x.map(layers.get(i)));
                    ys.add(y.map(mean));
                }
            }
            drawing.add(new Drawing.Polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), colour, 2, "series", cluster.getKey()));
            double legendY = PlotFrame.TOP + 10 + 20 * series;
            drawing.add(new Drawing.Line(PlotFrame.RIGHT + 15, legendY, PlotFrame.RIGHT + 40, legendY, colour, 2,
                    "legend-mark"));
            drawing.text(PlotFrame.RIGHT + 46, legendY + 4, cluster.getKey(), 11, Drawing.Anchor.START, "legend");
            series++;
        }
        return drawing;
    }
}
