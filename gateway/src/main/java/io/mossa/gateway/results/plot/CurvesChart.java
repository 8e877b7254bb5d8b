package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-layer curves: x the layer, y a mean across tasks, one polyline per series (role {@code series}, titled
 * with its label; dashed when the series is of held-out tasks) and a legend. A layer where a series has no
 * value is skipped. Layer roles, when given, shade the plot area behind the curves (role {@code role-band},
 * titled "shared: layers 0-8"), with a vertical line at each boundary ({@code role-boundary}) and a legend of
 * their own ({@code legend-role}).
 */
public final class CurvesChart {

    /** One curve: its label, the colour index (series of one cluster share it) and a value per layer. */
    public record Series(String label, int colour, boolean dashed, List<Double> values) {
    }

    /** A role over consecutive layers, first to last inclusive. */
    public record Band(String role, int firstLayer, int lastLayer) {
    }

    /** The layer roles to draw: bands, or none and a note saying why (drawn in the legend). */
    public record Roles(List<Band> bands, String note) {
    }

    private static final Map<String, Rgb> BAND_COLOURS = Map.of(
            "shared", new Rgb(222, 235, 247), "transition", new Rgb(254, 230, 206), "refinement", new Rgb(229, 245, 224));

    private CurvesChart() {
    }

    /** @param meansByCluster per cluster, the mean at each of {@code layers} (null where there is none) */
    public static Drawing draw(String title, String subtitle, String yLabel, List<Integer> layers,
            Map<String, List<Double>> meansByCluster) {
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Double>> cluster : meansByCluster.entrySet()) {
            series.add(new Series(cluster.getKey(), series.size(), false, cluster.getValue()));
        }
        return draw(title, subtitle, yLabel, layers, series, null);
    }

    public static Drawing draw(String title, String subtitle, String yLabel, List<Integer> layers, List<Series> series,
            Roles roles) {
        // the legend: one line per series (and the roles below), smaller and closer when there are many (24 for 12
        // clusters with held-out tasks), and the frame widened so that the longest label is never cut
        int entries = series.size() + (roles == null ? 0 : 2 + roles.bands().size());
        double step = Math.min(20, (PlotFrame.HEIGHT - PlotFrame.TOP - 20) / Math.max(1, entries));
        double font = step >= 16 ? 11 : 10;
        double longest = 0;
        for (Series s : series) {
            longest = Math.max(longest, PlotFrame.textWidth(s.label(), font));
        }
        Drawing drawing = PlotFrame.start(title, subtitle, (int) Math.ceil(PlotFrame.RIGHT + 46 + longest + 10));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Double mean : s.values()) {
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
        if (roles != null) {
            bands(drawing, x, layers, roles.bands());
        }
        PlotFrame.yAxis(drawing, y, yLabel);
        PlotFrame.xAxis(drawing, layers, layers.stream().map(l -> x.map(l)).toList(), "layer");

        double legendY = PlotFrame.TOP + 10;
        for (Series s : series) {
            Rgb colour = Rgb.categorical(s.colour());
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Double mean = s.values().get(i);
                if (mean != null) {
                    xs.add(x.map(layers.get(i)));
                    ys.add(y.map(mean));
                }
            }
            drawing.add(new Drawing.Polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), colour, 2, s.dashed(), "series",
                    s.label()));
            drawing.add(new Drawing.Line(PlotFrame.RIGHT + 15, legendY, PlotFrame.RIGHT + 40, legendY, colour, 2,
                    s.dashed(), "legend-mark"));
            drawing.text(PlotFrame.RIGHT + 46, legendY + 4, s.label(), font, Drawing.Anchor.START, "legend");
            legendY += step;
        }
        if (roles != null) {
            legendY += step / 2;
            drawing.text(PlotFrame.RIGHT + 15, legendY + 4, "layer roles" + (roles.bands().isEmpty()
                    ? ": " + roles.note() : ""), 11, Drawing.Anchor.START, "legend-role");
            for (Band band : roles.bands()) {
                legendY += step;
                drawing.add(new Drawing.Rect(PlotFrame.RIGHT + 15, legendY - 6, 25, 12, BAND_COLOURS.get(band.role()),
                        Rgb.GREY, "legend-band", null));
                drawing.text(PlotFrame.RIGHT + 46, legendY + 4, label(band), 11, Drawing.Anchor.START, "legend-role");
            }
        }
        return drawing;
    }

    /**
     * Each band reaches halfway to the neighbouring layers, so that adjacent bands meet at the boundary line;
     * the outer bands end at the plot area's edges.
     */
    private static void bands(Drawing drawing, LinearScale x, List<Integer> layers, List<Band> bands) {
        for (int k = 0; k < bands.size(); k++) {
            Band band = bands.get(k);
            double left = k == 0 ? PlotFrame.LEFT + 1 : edge(x, layers, band.firstLayer());
            double right = k == bands.size() - 1 ? PlotFrame.RIGHT - 1 : edge(x, layers, bands.get(k + 1).firstLayer());
            drawing.add(new Drawing.Rect(left, PlotFrame.TOP, right - left, PlotFrame.BOTTOM - PlotFrame.TOP,
                    BAND_COLOURS.get(band.role()), null, "role-band", label(band)));
            if (k > 0) {
                drawing.add(new Drawing.Line(left, PlotFrame.TOP, left, PlotFrame.BOTTOM, new Rgb(99, 99, 99), 1, true,
                        "role-boundary"));
            }
        }
    }

    /** The x halfway between a band's first layer and the layer before it. */
    private static double edge(LinearScale x, List<Integer> layers, int firstLayer) {
        int i = layers.indexOf(firstLayer);
        return i <= 0 ? x.map(firstLayer) : (x.map(layers.get(i - 1)) + x.map(firstLayer)) / 2;
    }

    private static String label(Band band) {
        return band.role() + ": layers " + band.firstLayer()
                + (band.lastLayer() == band.firstLayer() ? "" : "-" + band.lastLayer());
    }
}
