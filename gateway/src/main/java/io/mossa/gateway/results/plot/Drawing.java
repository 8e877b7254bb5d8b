package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart as a list of primitive shapes in pixel coordinates (origin top left), rendered as SVG or PNG by
 * {@link SvgRenderer} and {@link PngRenderer}: one model, two outputs that agree. Each shape carries a role
 * (SVG class) so that clients and tests can find series, boxes and cells.
 */
public final class Drawing {

    public enum Anchor { START, MIDDLE, END }

    public sealed interface Shape permits Line, Polyline, Rect, Text {
    }

    public record Line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed,
            String role) implements Shape {

        public Line(double x1, double y1, double x2, double y2, Rgb stroke, double width, String role) {
            this(x1, y1, x2, y2, stroke, width, false, role);
        }
    }

    /** A line through the points; dashed (6 on, 4 off) for series that must stand apart, as held-out tasks. */
    public record Polyline(double[] xs, double[] ys, Rgb stroke, double width, boolean dashed, String role,
            String title) implements Shape {

        public Polyline(double[] xs, double[] ys, Rgb stroke, double width, String role, String title) {
            this(xs, ys, stroke, width, false, role, title);
        }
    }

    /** The dash pattern of dashed lines, in pixels: both renderers draw it. */
    public static final float[] DASH = {6f, 4f};

    public record Rect(double x, double y, double width, double height, Rgb fill, Rgb stroke, String role,
            String title) implements Shape {
    }

    /** Text at (x, y) on its baseline; rotated by -90 degrees around (x, y) when vertical. */
    public record Text(double x, double y, String text, double size, Anchor anchor, boolean vertical, String role)
            implements Shape {
    }

    private final int width;
    private final int height;
    private final List<Shape> shapes = new ArrayList<>();

    public Drawing(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public List<Shape> shapes() {
        return shapes;
    }

    public Drawing add(Shape shape) {
        shapes.add(shape);
        return this;
    }

    public Drawing text(double x, double y, String text, double size, Anchor anchor, String role) {
        return add(new Text(x, y, text, size, anchor, false, role));
    }

    public Drawing line(double x1, double y1, double x2, double y2, Rgb stroke, String role) {
        return add(new Line(x1, y1, x2, y2, stroke, 1, role));
    }
}
