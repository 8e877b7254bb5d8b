package io.mossa.gateway.results.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CurvesChartTest {

    /** Differences of CKA can be tiny: tick labels must still tell the ticks apart and place the points. */
    @Test
    void aNarrowRangeKeepsDistinctTickLabelsThatMapPointsBackToTheirValues() throws Exception {
        Map<String, List<Double>> means = new LinkedHashMap<>();
        means.put("a", Arrays.asList(0.70001, 0.70003, null, 0.70005));
        means.put("b", Arrays.asList(0.70002, 0.70002, 0.70004, 0.70001));
        Document svg = parse(SvgRenderer.render(CurvesChart.draw("t", null, "y", List.of(1, 2, 3, 4), means)));

        List<Element> marks = byClass(svg, "line", "ytick-mark");
        List<String> labels = byClass(svg, "text", "ytick").stream().map(Element::getTextContent).toList();
        assertThat(labels).doesNotHaveDuplicates().hasSameSizeAs(marks);
        double y0 = Double.parseDouble(marks.get(0).getAttribute("y1"));
        double v0 = Double.parseDouble(labels.get(0));
        double y1 = Double.parseDouble(marks.get(marks.size() - 1).getAttribute("y1"));
        double v1 = Double.parseDouble(labels.get(labels.size() - 1));
        double perPixel = Math.abs((v1 - v0) / (y1 - y0));

        List<Element> series = byClass(svg, "polyline", "series");
        assertThat(series).hasSize(2);
        List<Double> expectedA = List.of(0.70001, 0.70003, 0.70005);
        String[] points = series.get(0).getAttribute("points").split(" ");
        assertThat(points).hasSize(3);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            double y = Double.parseDouble(points[i].split(",")[1]);
            xs.add(Double.parseDouble(points[i].split(",")[0]));
            assertThat(v0 + (y - y0) * (v1 - v0) / (y1 - y0)).isCloseTo(expectedA.get(i), within(perPixel));
        }
        // the missing layer 3 leaves a gap: layer 4 lies three layer-widths right of layer 1
        assertThat((xs.get(2) - xs.get(0)) / (xs.get(1) - xs.get(0))).isCloseTo(3, within(0.01));
    }

    /**
     * The paper's 12 clusters, each with its held-out tasks: 24 curves. Every cluster has a colour of its own (its
     * held-out curve shares it, dashed), and the whole legend, the longest FLAN cluster name included, lies inside the
     * picture.
     */
    @Test
    void twelveClustersAndTheirHeldOutTasksAreDistinctAndTheirLegendFits() throws Exception {
        List<String> clusters = List.of("nli", "sentiment", "paraphrase", "read_comp", "closed_book_qa", "commonsense",
                "coreference", "read_comp_w_commonsense", "misc", "struct_to_text", "translation", "summarize");
        List<CurvesChart.Series> series = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            for (boolean heldOut : new boolean[] {false, true}) {
                series.add(new CurvesChart.Series(clusters.get(c) + (heldOut ? " (held-out)" : ""), c, heldOut,
                        List.of(0.5 + c / 100.0, 0.6)));
            }
        }
        Document svg = parse(SvgRenderer.render(CurvesChart.draw("t", null, "y", List.of(0, 1), series, null)));
        double width = Double.parseDouble(svg.getDocumentElement().getAttribute("width"));
        double height = Double.parseDouble(svg.getDocumentElement().getAttribute("height"));

        List<Element> lines = byClass(svg, "polyline", "series");
        assertThat(lines).hasSize(24);
        List<String> trainedColours = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            Element trained = lines.get(2 * c);
            Element heldOut = lines.get(2 * c + 1);
            trainedColours.add(trained.getAttribute("stroke"));
            assertThat(heldOut.getAttribute("stroke")).isEqualTo(trained.getAttribute("stroke"));
            assertThat(trained.getAttribute("stroke-dasharray")).isEmpty();
            assertThat(heldOut.getAttribute("stroke-dasharray")).isNotEmpty();
        }
        assertThat(trainedColours).doesNotHaveDuplicates();

        List<Element> labels = byClass(svg, "text", "legend");
        assertThat(labels).hasSize(24);
        for (Element label : labels) {
            double x = Double.parseDouble(label.getAttribute("x"));
            double y = Double.parseDouble(label.getAttribute("y"));
            double size = Double.parseDouble(label.getAttribute("font-size"));
            // an upper bound of a sans-serif label's width: 0.62 em per character
            assertThat(x + label.getTextContent().length() * size * 0.62).as(label.getTextContent())
                    .isLessThanOrEqualTo(width);
            assertThat(y).as(label.getTextContent()).isLessThanOrEqualTo(height - 4);
        }
        assertThat(labels.get(15).getTextContent()).isEqualTo("read_comp_w_commonsense (held-out)");
    }

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document svg, String tag, String role) {
        NodeList nodes = svg.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (role.equals(element.getAttribute("class"))) {
                found.add(element);
            }
        }
        return found;
    }
}
