package io.mossa.gateway.results.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Dashed lines and filled bands come out the same in SVG and PNG. */
class DashesAndBandsRenderTest {

    @Test
    void aDashedLineHasItsGapsInBothRenderings() throws Exception {
        Rgb band = new Rgb(222, 235, 247);
        Rgb red = new Rgb(214, 39, 40);
        Drawing drawing = new Drawing(300, 100)
                .add(new Drawing.Rect(0, 0, 300, 40, band, null, "role-band", "shared: layers 0-3"))
                .add(new Drawing.Polyline(new double[] {100, 200}, new double[] {70, 70}, red, 4, true, "series", "x"))
                .add(new Drawing.Line(100, 90, 200, 90, red, 4, "solid"));
        String svg = SvgRenderer.render(drawing);
        assertThat(svg).contains("stroke-dasharray=\"6.00 4.00\"").containsOnlyOnce("stroke-dasharray");

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(PngRenderer.render(drawing)));
        assertThat(rgb(png, 150, 20)).isEqualTo(band);
        // dashes of 6 px from x = 100, gaps of 4 px: 100-106 on, 106-110 off, 110-116 on ...
        for (int dash = 0; dash < 10; dash++) {
            int start = 100 + 10 * dash;
            assertThat(rgb(png, start + 3, 70)).as("dash %d", dash).isEqualTo(red);
            assertThat(rgb(png, start + 8, 70)).as("gap %d", dash).isEqualTo(Rgb.WHITE);
            assertThat(rgb(png, start + 8, 90)).as("solid %d", dash).isEqualTo(red);
        }
    }

    @Test
    void roleBandsMeetHalfwayBetweenLayersWithALineAtEachBoundary() throws Exception {
        List<Integer> layers = List.of(0, 1, 2, 3, 4, 5, 6, 7);
        Drawing drawing = CurvesChart.draw("t", null, "y", layers,
                List.of(new CurvesChart.Series("a", 0, false, List.of(0.9, 0.9, 0.9, 0.5, 0.5, 0.2, 0.2, 0.2)),
                        new CurvesChart.Series("a (held-out)", 0, true, List.of(0.4, 0.4, 0.4, 0.4, 0.8, 0.8, 0.8, 0.8))),
                new CurvesChart.Roles(List.of(new CurvesChart.Band("shared", 0, 2),
                        new CurvesChart.Band("transition", 3, 4), new CurvesChart.Band("refinement", 5, 7)), null));
        List<Drawing.Rect> bands = drawing.shapes().stream().filter(s -> s instanceof Drawing.Rect r
                && r.role().equals("role-band")).map(s -> (Drawing.Rect) s).toList();
        assertThat(bands).extracting(Drawing.Rect::title)
                .containsExactly("shared: layers 0-2", "transition: layers 3-4", "refinement: layers 5-7");
        List<Drawing.Line> boundaries = drawing.shapes().stream().filter(s -> s instanceof Drawing.Line l
                && l.role().equals("role-boundary")).map(s -> (Drawing.Line) s).toList();
        assertThat(boundaries).hasSize(2);
        // x of the layers from the axis tick marks, in layer order
        List<Double> xs = drawing.shapes().stream().filter(s -> s instanceof Drawing.Line l
                && l.role().equals("xtick-mark")).map(s -> ((Drawing.Line) s).x1()).toList();
        assertThat(boundaries.get(0).x1()).isEqualTo((xs.get(2) + xs.get(3)) / 2);
        assertThat(boundaries.get(1).x1()).isEqualTo((xs.get(4) + xs.get(5)) / 2);
        assertThat(bands.get(0).x() + bands.get(0).width()).isEqualTo(bands.get(1).x());
        assertThat(bands.get(1).x() + bands.get(1).width()).isEqualTo(bands.get(2).x());
        // bands lie under the curves: drawn first
        assertThat(drawing.shapes().indexOf(bands.get(2))).isLessThan(drawing.shapes().indexOf(
                drawing.shapes().stream().filter(s -> s instanceof Drawing.Polyline).findFirst().orElseThrow()));
        assertThat(drawing.shapes().stream().filter(s -> s instanceof Drawing.Polyline p).map(s -> ((Drawing.Polyline) s)
                .dashed()).toList()).containsExactly(false, true);

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(PngRenderer.render(drawing)));
        // inside each band, clear of curves, axes and grid: halfway between the first two y ticks
        List<Double> ys = drawing.shapes().stream().filter(s -> s instanceof Drawing.Line l
                && l.role().equals("ytick-mark")).map(s -> ((Drawing.Line) s).y1()).toList();
        int y = (int) Math.round((ys.get(0) + ys.get(1)) / 2);
        assertThat(rgb(png, (int) bands.get(0).x() + 4, y)).isEqualTo(new Rgb(222, 235, 247));
        assertThat(rgb(png, (int) (bands.get(2).x() + bands.get(2).width()) - 4, y)).isEqualTo(new Rgb(229, 245, 224));
    }

    private static Rgb rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new Rgb((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
    }
}
