package io.mossa.gateway.results.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * The layout every chart shares: title and subtitle on top, the plot area with axes, ticks and labels, room
 * for a legend on the right. Tick marks (roles {@code xtick-mark}, {@code ytick-mark}) are drawn in the same
 * order as their labels ({@code xtick}, {@code ytick}), so a reader can map pixels back to values.
 */
final class PlotFrame {

    static final int WIDTH = 760;
    static final int HEIGHT = 460;
    static final double LEFT = 70;
    static final double RIGHT = WIDTH - 190;
    static final double TOP = 60;
    static final double BOTTOM = HEIGHT - 55;

    private PlotFrame() {
    }

    static Drawing start(String title, String subtitle) {
        return start(title, subtitle, WIDTH);
    }

    /** A frame {@code width} wide (at least {@link #WIDTH}): wider when a legend needs more room on the right. */
    static Drawing start(String title, String subtitle, int width) {
        int w = Math.max(WIDTH, width);
        Drawing drawing = new Drawing(w, HEIGHT);
        drawing.text(w / 2.0, 24, title, 16, Drawing.Anchor.MIDDLE, "title");
        if (subtitle != null) {
            drawing.text(w / 2.0, 44, subtitle, 12, Drawing.Anchor.MIDDLE, "subtitle");
        }
        return drawing;
    }

    /** A generous width of a label in a sans-serif font of {@code size} px (0.62 em per character). */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.62;
    }

    static void yAxis(Drawing drawing, LinearScale y, String label) {
        drawing.line(LEFT, TOP, LEFT, BOTTOM, Rgb.BLACK, "axis");
        for (double tick : y.ticks()) {
            double py = y.map(tick);
            drawing.line(LEFT - 5, py, LEFT, py, Rgb.BLACK, "ytick-mark");
            drawing.line(LEFT, py, RIGHT, py, Rgb.GREY, "grid");
            drawing.text(LEFT - 8, py + 4, tick(tick), 11, Drawing.Anchor.END, "ytick");
        }
        drawing.add(new Drawing.Text(18, (TOP + BOTTOM) / 2, label, 12, Drawing.Anchor.MIDDLE, true, "ylabel"));
    }

    /** Integer ticks (layers) at the given pixel positions; labels thinned so that they do not overlap. */
    static void xAxis(Drawing drawing, List<Integer> layers, List<Double> positions, String label) {
        drawing.line(LEFT, BOTTOM, RIGHT, BOTTOM, Rgb.BLACK, "axis");
        int every = Math.max(1, (int) Math.ceil(layers.size() / 16.0));
        for (int i = 0; i < layers.size(); i++) {
            if (i % every == 0 || i == layers.size() - 1) {
                double px = positions.get(i);
                drawing.line(px, BOTTOM, px, BOTTOM + 5, Rgb.BLACK, "xtick-mark");
                drawing.text(px, BOTTOM + 18, Integer.toString(layers.get(i)), 11, Drawing.Anchor.MIDDLE, "xtick");
            }
        }
        drawing.text((LEFT + RIGHT) / 2, HEIGHT - 15, label, 12, Drawing.Anchor.MIDDLE, "xlabel");
    }

    /** A tick label: exact enough for any step (six significant digits), without float noise or zeros. */
    static String tick(double value) {
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** A value in a tooltip, three decimals. */
    static String format(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
        return "-0".equals(text) ? "0" : text;
    }
}
