package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;

import io.mossa.gateway.results.summary.Summary;

/**
 * One box per layer over the tasks: the box spans the quartiles (role {@code box}), a line marks the median
 * ({@code median}), whiskers reach the minimum and maximum ({@code whisker}; no outlier rule, every task is
 * inside the whiskers). A layer without values gets no box.
 */
public final class BoxChart {

    private BoxChart() {
    }

    public static Drawing draw(String title, String subtitle, String yLabel, List<Integer> layers,
            List<Summary> summaries) {
        Drawing drawing = PlotFrame.start(title, subtitle);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Summary s : summaries) {
            if (s != null) {
                lo = Math.min(lo, s.min());
                hi = Math.max(hi, s.max());
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        LinearScale y = LinearScale.nice(lo, hi, PlotFrame.BOTTOM, PlotFrame.TOP);
        double slot = (PlotFrame.RIGHT - PlotFrame.LEFT) / Math.max(1, layers.size());
        List<Double> centres = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            centres.add(PlotFrame.LEFT + slot * (i + 0.5));
        }
        PlotFrame.yAxis(drawing, y, yLabel);
        PlotFrame.xAxis(drawing, layers, centres, "layer");
        double half = Math.min(18, slot * 0.35);
        for (int i = 0; i < layers.size(); i++) {
            Summary s = summaries.get(i);
            if (s == null) {
                continue;
            }
            double cx = centres.get(i);
            drawing.line(cx, y.map(s.max()), cx, y.map(s.q3()), Rgb.BLACK, "whisker");
            drawing.line(cx, y.map(s.q1()), cx, y.map(s.min()), Rgb.BLACK, "whisker");
            drawing.line(cx - half / 2, y.map(s.max()), cx + half / 2, y.map(s.max()), Rgb.BLACK, "whisker");
            drawing.line(cx - half / 2, y.map(s.min()), cx + half / 2, y.map(s.min()), Rgb.BLACK, "whisker");
            String tip = "layer " + layers.get(i) + ": min " + PlotFrame.format(s.min()) + ", q1 "
                    + PlotFrame.format(s.q1()) + ", median " + PlotFrame.format(s.median()) + ", q3 "
                    + PlotFrame.format(s.q3()) + ", max " + PlotFrame.format(s.max()) + ", n " + s.n();
            drawing.add(new Drawing.Rect(cx - half, y.map(s.q3()), 2 * half, y.map(s.q1()) - y.map(s.q3()),
                    new Rgb(158, 202, 225), Rgb.BLACK, "box", tip));
            drawing.add(new Drawing.Line(cx - half, y.map(s.median()), cx + half, y.map(s.median()),
                    new Rgb(214, 39, 40), 2, "median"));
        }
        return drawing;
    }
}
