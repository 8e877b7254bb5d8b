package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * A layer x layer matrix as coloured cells (role {@code cell}): columns are layers of model X, rows layers of
 * model Y with the first layer on top (like matplotlib's imshow). The colour scale spans [min(0, lowest),
 * max(1, highest)] so that heatmaps of CKA compare across tasks; a missing value is grey. A vertical colour
 * bar (role {@code scale}) with ticks ({@code scale-tick}) is the legend.
 */
public final class HeatmapChart {

    /** 256 x 256: a cell is then under 1.5 px wide and the SVG about 6 MB; larger matrices belong in the NPY export. */
    public static final int MAX_CELLS = 256 * 256;

    private static final Rgb MISSING = new Rgb(220, 220, 220);
    private static final int SCALE_STEPS = 50;

    private HeatmapChart() {
    }

    /** @param values values[i][j] for layersX[i], layersY[j]; NaN where missing */
    public static Drawing draw(String title, String subtitle, String xLabel, String yLabel, List<Integer> layersX,
            List<Integer> layersY, double[][] values) {
        Drawing drawing = PlotFrame.start(title, subtitle);
        double lo = 0;
        double hi = 1;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double side = Math.min(PlotFrame.RIGHT - PlotFrame.LEFT, PlotFrame.BOTTOM - PlotFrame.TOP);
        double cellW = side / Math.max(1, layersX.size());
        double cellH = side / Math.max(1, layersY.size());
        double left = PlotFrame.LEFT;
        for (int i = 0; i < layersX.size(); i++) {
            for (int j = 0; j < layersY.size(); j++) {
                double v = values[i][j];
                Rgb fill = Double.isNaN(v) ? MISSING : Rgb.sequential((v - lo) / (hi - lo));
                drawing.add(new Drawing.Rect(left + i * cellW, PlotFrame.TOP + j * cellH, cellW, cellH, fill, null,
                        "cell", "layer " + layersX.get(i) + " x layer " + layersY.get(j) + ": "
                                + (Double.isNaN(v) ? "no value" : PlotFrame.format(v))));
            }
        }
        List<Double> columnCentres = new ArrayList<>();
        for (int i = 0; i < layersX.size(); i++) {
            columnCentres.add(left + (i + 0.5) * cellW);
        }
        int every = Math.max(1, (int) Math.ceil(layersX.size() / 16.0));
        for (int i = 0; i < layersX.size(); i += every) {
            drawing.text(columnCentres.get(i), PlotFrame.TOP + side + 16, Integer.toString(layersX.get(i)), 11,
                    Drawing.Anchor.MIDDLE, "xtick");
        }
        for (int j = 0; j < layersY.size(); j += every) {
            drawing.text(left - 6, PlotFrame.TOP + (j + 0.5) * cellH + 4, Integer.toString(layersY.get(j)), 11,
                    Drawing.Anchor.END, "ytick");
        }
        drawing.text(left + side / 2, PlotFrame.TOP + side + 34, xLabel, 12, Drawing.Anchor.MIDDLE, "xlabel");
        drawing.add(new Drawing.Text(18, PlotFrame.TOP + side / 2, yLabel, 12, Drawing.Anchor.MIDDLE, true, "ylabel"));

        double barX = left + side + 30;
        double stepH = side / SCALE_STEPS;
        for (int k = 0; k < SCALE_STEPS; k++) {
            double t = 1 - (k + 0.5) / SCALE_STEPS;
            drawing.add(new Drawing.Rect(barX, PlotFrame.TOP + k * stepH, 18, stepH + 0.5, Rgb.sequential(t), null,
                    "scale", null));
        }
        LinearScale bar = new LinearScale(lo, hi, PlotFrame.TOP + side, PlotFrame.TOP);
        for (double tick : bar.ticks()) {
            double py = bar.map(tick);
            drawing.line(barX + 18, py, barX + 23, py, Rgb.BLACK, "scale-tick-mark");
            drawing.text(barX + 26, py + 4, PlotFrame.tick(tick), 11, Drawing.Anchor.START, "scale-tick");
        }
        return drawing;
    }
}
