package io.mossa.gateway.results.plot;

import java.util.Locale;

/** An sRGB colour. */
public record Rgb(int r, int g, int b) {

    public static final Rgb BLACK = new Rgb(0, 0, 0);
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb GREY = new Rgb(200, 200, 200);

    /**
     * Matplotlib's tab10 and two darker hues unlike any of them (navy, dark teal): twelve distinct colours, one per
     * cluster of the paper's study (FLAN's 12), then they repeat. Held-out series are told apart by their dashes.
     */
    private static final Rgb[] CATEGORICAL = {
        new Rgb(31, 119, 180), new Rgb(255, 127, 14), new Rgb(44, 160, 44), new Rgb(214, 39, 40),
        new Rgb(148, 103, 189), new Rgb(140, 86, 75), new Rgb(227, 119, 194), new Rgb(127, 127, 127),
        new Rgb(188, 189, 34), new Rgb(23, 190, 207), new Rgb(0, 0, 128), new Rgb(0, 95, 95)};

    /** How many series get a colour of their own. */
    public static final int DISTINCT_CATEGORIES = CATEGORICAL.length;

    /** Anchors of viridis at 0, 0.25, 0.5, 0.75, 1: perceptually ordered, readable in grey. */
    private static final Rgb[] SEQUENTIAL = {
        new Rgb(68, 1, 84), new Rgb(59, 82, 139), new Rgb(33, 145, 140), new Rgb(94, 201, 98), new Rgb(253, 231, 37)};

    public static Rgb categorical(int i) {
        return CATEGORICAL[i % CATEGORICAL.length];
    }

    /** The sequential colour of t in [0, 1] (clamped), interpolated between the viridis anchors. */
    public static Rgb sequential(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double h = clamped * (SEQUENTIAL.length - 1);
        int i = Math.min((int) Math.floor(h), SEQUENTIAL.length - 2);
        double f = h - i;
        Rgb a = SEQUENTIAL[i];
        Rgb b = SEQUENTIAL[i + 1];
        return new Rgb((int) Math.round(a.r + f * (b.r - a.r)), (int) Math.round(a.g + f * (b.g - a.g)),
                (int) Math.round(a.b + f * (b.b - a.b)));
    }

    public String hex() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
