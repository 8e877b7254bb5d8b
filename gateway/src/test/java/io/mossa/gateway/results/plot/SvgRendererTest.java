package io.mossa.gateway.results.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgRendererTest {

    @Test
    void textWithMarkupCharactersStaysWellFormedAndReadsBack() throws Exception {
        String awkward = "task <a> & \"b\" 'c'";
        Drawing drawing = new Drawing(100, 50).text(10, 20, awkward, 12, Drawing.Anchor.START, "title");
        drawing.add(new Drawing.Rect(0, 0, 5, 5, Rgb.BLACK, null, "cell", awkward));

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(SvgRenderer.render(drawing).getBytes(StandardCharsets.UTF_8)));

        assertThat(svg.getElementsByTagName("text").item(0).getTextContent()).isEqualTo(awkward);
        Element cell = (Element) svg.getElementsByTagName("rect").item(1);
        assertThat(cell.getAttribute("class")).isEqualTo("cell");
        assertThat(cell.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(awkward);
    }

    @Test
    void verticalTextIsRotatedAroundItsAnchor() throws Exception {
        Drawing drawing = new Drawing(100, 100).add(new Drawing.Text(18, 50, "y", 12, Drawing.Anchor.MIDDLE, true, "ylabel"));
        assertThat(SvgRenderer.render(drawing)).contains("transform=\"rotate(-90 18.00 50.00)\"")
                .contains("text-anchor=\"middle\"");
    }
}
