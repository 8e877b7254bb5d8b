package io.mossa.gateway.results.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Rasterises a {@link Drawing} with Java2D (headless) into a PNG of the drawing's size. */
public final class PngRenderer {

    private PngRenderer() {
    }

    public static byte[] render(Drawing drawing) {
        BufferedImage image = new BufferedImage(drawing.width(), drawing.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, drawing.width(), drawing.height());
            for (Drawing.Shape shape : drawing.shapes()) {
                draw(g, shape);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Drawing.Shape shape) {
        if (shape instanceof Drawing.Line l) {
            g.setColor(color(l.stroke()));
            g.setStroke(stroke(l.width(), l.dashed()));
            g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
        } else if (shape instanceof Drawing.Polyline p) {
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < p.xs().length; i++) {
                if (i == 0) {
                    path.moveTo(p.xs()[i], p.ys()[i]);
                } else {
                    path.lineTo(p.xs()[i], p.ys()[i]);
                }
            }
            g.setColor(color(p.stroke()));
            g.setStroke(stroke(p.width(), p.dashed()));
            g.draw(path);
        } else if (shape instanceof Drawing.Rect r) {
            Rectangle2D.Double rect = new Rectangle2D.Double(r.x(), r.y(), r.width(), r.height());
            if (r.fill() != null) {
                // antialiased fills leave light seams between adjacent heatmap cells
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                g.setColor(color(r.fill()));
                g.fill(rect);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            }
            if (r.stroke() != null) {
                g.setColor(color(r.stroke()));
                g.setStroke(new BasicStroke(1f));
                g.draw(rect);
            }
        } else if (shape instanceof Drawing.Text t) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(t.size())));
            FontMetrics metrics = g.getFontMetrics();
            double width = metrics.stringWidth(t.text());
            double shift = switch (t.anchor()) {
                case START -> 0;
                case MIDDLE -> -width / 2;
                case END -> -width;
            };
            AffineTransform saved = g.getTransform();
            g.translate(t.x(), t.y());
            if (t.vertical()) {
                g.rotate(-Math.PI / 2);
            }
            g.drawString(t.text(), (float) shift, 0f);
            g.setTransform(saved);
        }
    }

    /** Butt caps, as SVG's default, so that dashes have the same lengths in both renderings. */
    private static BasicStroke stroke(double width, boolean dashed) {
        return dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, Drawing.DASH, 0f)
                : new BasicStroke((float) width);
    }

    private static Color color(Rgb rgb) {
        return new Color(rgb.r(), rgb.g(), rgb.b());
    }
}
