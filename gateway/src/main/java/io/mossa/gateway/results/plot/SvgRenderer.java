package io.mossa.gateway.results.plot;

import java.util.Locale;

/** Writes a {@link Drawing} as a standalone SVG 1.1 document; plain string building, no libraries. */
public final class SvgRenderer {

    private SvgRenderer() {
    }

    public static String render(Drawing drawing) {
        StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(drawing.width())
                .append("\" height=\"").append(drawing.height()).append("\" viewBox=\"0 0 ").append(drawing.width())
                .append(' ').append(drawing.height()).append("\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n")
                .append("<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Drawing.Shape shape : drawing.shapes()) {
            if (shape instanceof Drawing.Line l) {
                svg.append("<line class=\"").append(escape(l.role())).append("\" x1=\"")
                        .append(num(l.x1())).append("\" y1=\"").append(num(l.y1())).append("\" x2=\"").append(num(l.x2()))
                        .append("\" y2=\"").append(num(l.y2())).append("\" stroke=\"").append(l.stroke().hex())
                        .append("\" stroke-width=\"").append(num(l.width())).append('"').append(dash(l.dashed()))
                        .append("/>\n");
            } else if (shape instanceof Drawing.Polyline p) {
                svg.append("<polyline class=\"").append(escape(p.role())).append("\" fill=\"none\" stroke=\"")
                        .append(p.stroke().hex()).append("\" stroke-width=\"").append(num(p.width())).append('"')
                        .append(dash(p.dashed())).append(" points=\"");
                for (int i = 0; i < p.xs().length; i++) {
                    svg.append(i == 0 ? "" : " ").append(num(p.xs()[i])).append(',').append(num(p.ys()[i]));
                }
                svg.append('"');
                titled(svg, p.title(), "polyline");
            } else if (shape instanceof Drawing.Rect r) {
                svg.append("<rect class=\"").append(escape(r.role())).append("\" x=\"").append(num(r.x()))
                        .append("\" y=\"").append(num(r.y())).append("\" width=\"").append(num(r.width()))
                        .append("\" height=\"").append(num(r.height())).append("\" fill=\"")
                        .append(r.fill() == null ? "none" : r.fill().hex()).append('"');
                if (r.stroke() != null) {
                    svg.append(" stroke=\"").append(r.stroke().hex()).append('"');
                }
                titled(svg, r.title(), "rect");
            } else if (shape instanceof Drawing.Text t) {
                svg.append("<text class=\"").append(escape(t.role())).append("\" x=\"").append(num(t.x()))
                        .append("\" y=\"").append(num(t.y())).append("\" font-size=\"").append(num(t.size()))
                        .append("\" text-anchor=\"").append(t.anchor().name().toLowerCase(Locale.ROOT))
                        .append('"');
                if (t.vertical()) {
                    svg.append(" transform=\"rotate(-90 ").append(num(t.x())).append(' ').append(num(t.y()))
                            .append(")\"");
                }
                svg.append('>').append(escape(t.text())).append("</text>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static void titled(StringBuilder svg, String title, String element) {
        if (title == null) {
            svg.append("/>\n");
        } else {
            svg.append("><title>").append(escape(title)).append("</title></").append(element).append(">\n");
        }
    }

    private static String dash(boolean dashed) {
        return dashed ? " stroke-dasharray=\"" + num(Drawing.DASH[0]) + " " + num(Drawing.DASH[1]) + "\"" : "";
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
