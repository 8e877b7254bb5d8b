package io.mossa.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.mossa.contract.WireName;
import io.mossa.contract.experiment.Access;
import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.experiment.Visibility;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.summary.SummaryTest;
import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyReader;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results endpoints over real HTTP: the gateway's own CkaClient against a stand-in cka-service serving
 * synthetic results. Every expected number is recomputed here from the synthetic values.
 */
@SpringBootTest(properties = "mossa.gateway.extractor-url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class ResultsApiTest {

    static final FakeCkaService CKA;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int LAYERS = 6;

    /** layerPairs=same, E and B, three clusters; one task name needs CSV quoting. */
    static final UUID SAME = UUID.randomUUID();
    static final List<String> TASKS = List.of("sst2, \"binary\"", "imdb", "yelp", "rte", "mnli", "nq", "triviaqa");
    static final List<String> CLUSTERS = List.of("sentiment", "sentiment", "sentiment", "nli", "nli", "qa", "qa");
    static final double[][] E = new double[TASKS.size()][LAYERS];
    static final double[][] B = new double[TASKS.size()][LAYERS];

    /** layerPairs=all, no baseline, two tasks, four layers. */
    static final UUID ALL = UUID.randomUUID();
    static final double[][][] MATRIX = new double[2][4][4];

    /** layerPairs=all over 257 x 256 layers: one column more than a heatmap may have. */
    static final UUID BIG = UUID.randomUUID();

    /** Running: two of four tasks done. */
    static final UUID RUNNING = UUID.randomUUID();
    /** Another API key's private experiment: its results are as invisible as its status. */
    static final UUID PRIVATE = UUID.randomUUID();
    static final String ADMIN_KEY = "results-test-admin-key";

    static {
        try {
            CKA = new FakeCkaService();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        Random random = new Random(42);
        List<ExperimentResults.Result> same = new ArrayList<>();
        List<ExperimentView.TaskSummary> sameTasks = new ArrayList<>();
        for (int t = 0; t < TASKS.size(); t++) {
            List<ExperimentResults.LayerValue> e = new ArrayList<>();
            List<ExperimentResults.LayerValue> b = new ArrayList<>();
            for (int l = 0; l < LAYERS; l++) {
                E[t][l] = 0.3 + 0.7 * random.nextDouble();
                B[t][l] = 0.2 + 0.6 * random.nextDouble();
                e.add(new ExperimentResults.LayerValue(l, l, E[t][l]));
                b.add(new ExperimentResults.LayerValue(l, l, B[t][l]));
            }
            same.add(result(TASKS.get(t), CLUSTERS.get(t), "experimental", "m-exp", "same", e));
            same.add(result(TASKS.get(t), CLUSTERS.get(t), "baseline", "m-base", "same", b));
            sameTasks.add(new ExperimentView.TaskSummary(TASKS.get(t), CLUSTERS.get(t), "ctl-" + t, 16, false, null));
        }
        CKA.put(view(SAME, "SUCCEEDED", "m-base", "same", sameTasks), new ExperimentResults(SAME, "SUCCEEDED", same));

        List<ExperimentResults.Result> all = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            List<ExperimentResults.LayerValue> values = new ArrayList<>();
            for (int x = 0; x < 4; x++) {
                for (int y = 0; y < 4; y++) {
                    MATRIX[t][x][y] = random.nextDouble();
                    values.add(new ExperimentResults.LayerValue(x, y, MATRIX[t][x][y]));
                }
            }
            all.add(result("task-" + t, "c", "experimental", "m-exp", "all", values));
        }
        CKA.put(view(ALL, "SUCCEEDED", null, "all", List.of(new ExperimentView.TaskSummary("task-0", "c", "ctl", 16, false, null),
                new ExperimentView.TaskSummary("task-1", "c", "ctl", 16, false, null))), new ExperimentResults(ALL, "SUCCEEDED", all));

        List<ExperimentResults.LayerValue> big = new ArrayList<>();
        for (int x = 0; x < 257; x++) {
            for (int y = 0; y < 256; y++) {
                big.add(new ExperimentResults.LayerValue(x, y, 0.5));
            }
        }
        CKA.put(view(BIG, "SUCCEEDED", null, "all", List.of(new ExperimentView.TaskSummary("wide", "c", "ctl", 16, false, null))),
                new ExperimentResults(BIG, "SUCCEEDED", List.of(result("wide", "c", "experimental", "m-exp", "all", big))));

        List<ExperimentView.TaskSummary> runningTasks = new ArrayList<>(sameTasks.subList(0, 4));
        CKA.put(view(RUNNING, "RUNNING", "m-base", "same", runningTasks),
                new ExperimentResults(RUNNING, "RUNNING", same.subList(0, 4)));

        ExperimentView shared = view(PRIVATE, "SUCCEEDED", "m-base", "same", sameTasks);
        CKA.put(shared.withAccess(new Access("key-of-someone-else", Visibility.PRIVATE)),
                new ExperimentResults(PRIVATE, "SUCCEEDED", same));
    }

    @DynamicPropertySource
    static void ckaUrl(DynamicPropertyRegistry registry) {
        registry.add("mossa.gateway.cka-url", CKA::url);
        registry.add("mossa.gateway.admin-key", () -> ADMIN_KEY);
    }

    @Test
    void resultsViewsExportsAndPlotsOfAnotherKeysPrivateExperimentAreNotFound() throws Exception {
        for (String path : List.of("/results", "/results.csv", "/results.npy", "/results/layers", "/results/tasks",
                "/results/matrices", "/results/roles", "/plots/curves.svg", "/plots/boxes.png")) {
            mvc.perform(get("/api/v1/experiments/" + PRIVATE + path))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            // the administrator reads everything
            mvc.perform(get("/api/v1/experiments/" + PRIVATE + path).header("X-API-Key", ADMIN_KEY))
                    .andExpect(status().isOk());
        }
    }

    @AfterAll
    static void stop() {
        CKA.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void layerSummariesMatchANaiveComputationOverallAndPerCluster() throws Exception {
        JsonNode view = json(mvc.perform(get("/api/v1/experiments/{id}/results/layers", SAME))
                .andExpect(status().isOk()).andReturn().getResponse());
        assertThat(view.at("/coverage/complete").asBoolean()).isTrue();
        assertThat(view.at("/coverage/tasksIncluded").asInt()).isEqualTo(7);
        assertGroup(view.get("overall"), allTaskIndexes());
        JsonNode clusters = view.get("clusters");
        assertThat(clusters).hasSize(3);
        for (JsonNode group : clusters) {
            List<Integer> members = new ArrayList<>();
            for (int t = 0; t < TASKS.size(); t++) {
                if (CLUSTERS.get(t).equals(group.get("cluster").asString())) {
                    members.add(t);
                }
            }
            assertGroup(group, members);
        }
    }

    private static void assertGroup(JsonNode group, List<Integer> tasks) {
        assertThat(group.get("layers")).hasSize(LAYERS);
        for (int l = 0; l < LAYERS; l++) {
            JsonNode layer = group.get("layers").get(l);
            assertThat(layer.get("layer").asInt()).isEqualTo(l);
            List<Double> e = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            List<Double> d = new ArrayList<>();
            for (int t : tasks) {
                e.add(E[t][l]);
                b.add(B[t][l]);
                d.add(E[t][l] - B[t][l]);
            }
            assertSummary(layer.get("experimental"), e);
            assertSummary(layer.get("baseline"), b);
            assertSummary(layer.get("difference"), d);
        }
    }

    private static void assertSummary(JsonNode summary, List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        assertThat(summary.get("n").asInt()).isEqualTo(values.size());
        assertThat(summary.get("mean").asDouble()).isCloseTo(sum / values.size(), within(1e-12));
        assertThat(summary.get("min").asDouble()).isEqualTo(values.stream().min(Double::compare).orElseThrow());
        assertThat(summary.get("max").asDouble()).isEqualTo(values.stream().max(Double::compare).orElseThrow());
        assertThat(summary.get("q1").asDouble()).isCloseTo(SummaryTest.naiveQuantile(values, 0.25), within(1e-12));
        assertThat(summary.get("median").asDouble()).isCloseTo(SummaryTest.naiveQuantile(values, 0.5), within(1e-12));
        assertThat(summary.get("q3").asDouble()).isCloseTo(SummaryTest.naiveQuantile(values, 0.75), within(1e-12));
    }

    @Test
    void taskViewHoldsBothComparisonsAndTheirDifference() throws Exception {
        JsonNode view = json(mvc.perform(get("/api/v1/experiments/{id}/results/tasks", SAME))
                .andExpect(status().isOk()).andReturn().getResponse());
        assertThat(view.get("tasks")).hasSize(TASKS.size());
        for (int t = 0; t < TASKS.size(); t++) {
            JsonNode task = view.get("tasks").get(t);
            assertThat(task.get("task").asString()).isEqualTo(TASKS.get(t));
            assertThat(task.get("cluster").asString()).isEqualTo(CLUSTERS.get(t));
            for (int l = 0; l < LAYERS; l++) {
                JsonNode layer = task.get("layers").get(l);
                assertThat(layer.get("experimental").asDouble()).isEqualTo(E[t][l]);
                assertThat(layer.get("baseline").asDouble()).isEqualTo(B[t][l]);
                assertThat(layer.get("difference").asDouble()).isCloseTo(E[t][l] - B[t][l], within(1e-15));
            }
        }
    }

    @Test
    void csvParsesBackToTheJsonResults() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/experiments/{id}/results.csv", SAME))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        String csv = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\n").contains("\"sst2, \"\"binary\"\"\"");
        List<List<String>> rows = parseCsv(csv);
        assertThat(rows.get(0)).containsExactly("comparison", "model_x", "model_y", "task", "cluster", "layer_x",
                "layer_y", "value", "held_out", "split", "p_value", "ci_low", "ci_high", "measure");

        JsonNode json = json(mvc.perform(get("/api/v1/experiments/{id}/results", SAME)).andReturn().getResponse());
        List<List<String>> expected = new ArrayList<>();
        for (JsonNode result : json.get("results")) {
            for (JsonNode value : result.get("values")) {
                expected.add(List.of(result.get("comparison").asString(), result.get("modelX").asString(),
                        result.get("modelY").asString(), result.get("task").asString(),
                        result.get("cluster").asString(), value.get("layerX").asString(),
                        value.get("layerY").asString(), Double.toString(value.get("cka").asDouble()), "false", "", "",
                        "", "", result.get("measure").asString()));
            }
        }
        assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(expected);
        assertThat(rows).hasSize(1 + 2 * TASKS.size() * LAYERS);
        // the value column parses back to the exact doubles
        assertThat(Double.parseDouble(rows.get(1).get(7))).isEqualTo(E[0][0]);

        String negotiated = mvc.perform(get("/api/v1/experiments/{id}/results", SAME).accept("text/csv"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(negotiated).isEqualTo(csv);
        mvc.perform(get("/api/v1/experiments/{id}/results", SAME).accept(MediaType.ALL))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Vary", org.hamcrest.Matchers.containsString("Accept")));
        mvc.perform(get("/api/v1/experiments/{id}/results", SAME).accept(MediaType.TEXT_PLAIN))
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN));
    }

    /** RFC 4180 reader written for this test: quoted fields, doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).isEmpty();
        return rows;
    }

    @Test
    void npyStacksTheMatricesInTaskOrderNamedByHeaders() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/experiments/{id}/results.npy", ALL))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getHeader("X-Mossa-Tasks")).isEqualTo("task-0,task-1");
        assertThat(response.getHeader("X-Mossa-Layers-X")).isEqualTo("0,1,2,3");
        NpyArray array = new NpyReader(1 << 20).read(new ByteArrayInputStream(response.getContentAsByteArray()));
        assertThat(array.shape()).containsExactly(2, 4, 4);
        for (int t = 0; t < 2; t++) {
            for (int x = 0; x < 4; x++) {
                for (int y = 0; y < 4; y++) {
                    assertThat(array.data()[t * 16 + x * 4 + y]).isEqualTo(MATRIX[t][x][y]);
                }
            }
        }

        MockHttpServletResponse baseline = mvc.perform(get("/api/v1/experiments/{id}/results.npy", SAME)
                .param("comparison", "baseline")).andExpect(status().isOk()).andReturn().getResponse();
        List<String> tasks = Arrays.stream(baseline.getHeader("X-Mossa-Tasks").split(","))
                .map(t -> URLDecoder.decode(t, StandardCharsets.UTF_8)).toList();
        assertThat(tasks).containsExactlyElementsOf(TASKS);
        NpyArray diagonal = new NpyReader(1 << 20).read(new ByteArrayInputStream(baseline.getContentAsByteArray()));
        assertThat(diagonal.shape()).containsExactly(TASKS.size(), LAYERS, LAYERS);
        for (int t = 0; t < TASKS.size(); t++) {
            for (int x = 0; x < LAYERS; x++) {
                for (int y = 0; y < LAYERS; y++) {
                    double v = diagonal.data()[(t * LAYERS + x) * LAYERS + y];
                    if (x == y) {
                        assertThat(v).isEqualTo(B[t][x]);
                    } else {
                        assertThat(v).isNaN();
                    }
                }
            }
        }
    }

    @Test
    void etagAnswers304AndChangesWithTheRepresentation() throws Exception {
        for (String path : List.of("/results", "/results.csv", "/results/layers", "/results/tasks",
                "/plots/curves.svg", "/results.npy")) {
            String url = "/api/v1/experiments/" + SAME + path;
            MockHttpServletResponse first = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse();
            String etag = first.getHeader("ETag");
            assertThat(etag).as(path).matches("\"[0-9a-f]{32}\"");
            mvc.perform(get(url).header("If-None-Match", etag)).andExpect(status().isNotModified())
                    .andExpect(content().string(""));
            mvc.perform(get(url).header("If-None-Match", "\"other\", W/" + etag)).andExpect(status().isNotModified());
            mvc.perform(get(url).header("If-None-Match", "\"other\"")).andExpect(status().isOk());
        }
        String json = mvc.perform(get("/api/v1/experiments/{id}/results", SAME)).andReturn().getResponse()
                .getHeader("ETag");
        String csv = mvc.perform(get("/api/v1/experiments/{id}/results.csv", SAME)).andReturn().getResponse()
                .getHeader("ETag");
        String running = mvc.perform(get("/api/v1/experiments/{id}/results", RUNNING)).andReturn().getResponse()
                .getHeader("ETag");
        assertThat(json).isNotEqualTo(csv).isNotEqualTo(running);
    }

    @Test
    void curvesHaveOnePolylinePerClusterAtTheClusterMeans() throws Exception {
        Document svg = svg(mvc.perform(get("/api/v1/experiments/{id}/plots/curves.svg", SAME))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("image/svg+xml")).andReturn().getResponse());
        List<Element> series = byClass(svg, "polyline", "series");
        assertThat(series).hasSize(3);
        assertThat(byClass(svg, "text", "legend")).extracting(Element::getTextContent)
                .containsExactly("sentiment", "nli", "qa");
        double[] axis = yAxis(svg);
        for (Element line : series) {
            String cluster = line.getElementsByTagName("title").item(0).getTextContent();
            String[] points = line.getAttribute("points").trim().split(" ");
            assertThat(points).hasSize(LAYERS);
            for (int l = 0; l < LAYERS; l++) {
                double sum = 0;
                int n = 0;
                for (int t = 0; t < TASKS.size(); t++) {
                    if (CLUSTERS.get(t).equals(cluster)) {
                        sum += E[t][l];
                        n++;
                    }
                }
                double y = Double.parseDouble(points[l].split(",")[1]);
                assertThat(valueAt(axis, y)).as(cluster + " layer " + l).isCloseTo(sum / n, within(pixel(axis)));
            }
        }
    }

    @Test
    void boxesHaveOneBoxPerLayerSpanningTheQuartiles() throws Exception {
        Document svg = svg(mvc.perform(get("/api/v1/experiments/{id}/plots/boxes.svg", SAME)
                .param("comparison", "difference")).andExpect(status().isOk()).andReturn().getResponse());
        List<Element> boxes = byClass(svg, "rect", "box");
        List<Element> medians = byClass(svg, "line", "median");
        assertThat(boxes).hasSize(LAYERS);
        assertThat(medians).hasSize(LAYERS);
        double[] axis = yAxis(svg);
        for (int l = 0; l < LAYERS; l++) {
            List<Double> differences = new ArrayList<>();
            for (int t = 0; t < TASKS.size(); t++) {
                differences.add(E[t][l] - B[t][l]);
            }
            Element box = boxes.get(l);
            double top = Double.parseDouble(box.getAttribute("y"));
            double bottom = top + Double.parseDouble(box.getAttribute("height"));
            assertThat(valueAt(axis, top)).isCloseTo(SummaryTest.naiveQuantile(differences, 0.75), within(pixel(axis)));
            assertThat(valueAt(axis, bottom)).isCloseTo(SummaryTest.naiveQuantile(differences, 0.25),
                    within(pixel(axis)));
            assertThat(valueAt(axis, Double.parseDouble(medians.get(l).getAttribute("y1"))))
                    .isCloseTo(SummaryTest.naiveQuantile(differences, 0.5), within(pixel(axis)));
        }
    }

    @Test
    void boxesOfOneClusterSummariseOnlyItsTasks() throws Exception {
        Document svg = svg(mvc.perform(get("/api/v1/experiments/{id}/plots/boxes.svg", SAME).param("cluster", "nli"))
                .andExpect(status().isOk()).andReturn().getResponse());
        List<Element> boxes = byClass(svg, "rect", "box");
        assertThat(boxes).hasSize(LAYERS);
        for (int l = 0; l < LAYERS; l++) {
            // tasks 3 and 4 are the nli cluster: with two values q1 and q3 lie a quarter in from either end
            double lo = Math.min(E[3][l], E[4][l]);
            double hi = Math.max(E[3][l], E[4][l]);
            assertThat(boxes.get(l).getElementsByTagName("title").item(0).getTextContent()).isEqualTo(String.format(
                    java.util.Locale.ROOT, "layer %d: min %s, q1 %s, median %s, q3 %s, max %s, n 2", l, three(lo),
                    three(lo + (hi - lo) / 4), three((lo + hi) / 2), three(hi - (hi - lo) / 4), three(hi)));
        }
        expectProblem("/api/v1/experiments/" + SAME + "/plots/boxes.svg?cluster=summarization", 400,
                "cluster: no task of experiment " + SAME + " with results is in cluster 'summarization'");
        expectProblem("/api/v1/experiments/" + SAME + "/plots/curves.svg?cluster=nli", 400,
                "cluster: only the box plot takes a cluster");
    }

    private static String three(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Test
    void heatmapHasOneCellPerLayerPairAndThePngAgreesWithTheSvg() throws Exception {
        Document svg = svg(mvc.perform(get("/api/v1/experiments/{id}/plots/heatmap.svg", ALL).param("task", "task-1"))
                .andExpect(status().isOk()).andReturn().getResponse());
        List<Element> cells = byClass(svg, "rect", "cell");
        assertThat(cells).hasSize(16);
        assertThat(byClass(svg, "rect", "scale")).isNotEmpty();
        assertThat(byClass(svg, "text", "scale-tick")).extracting(Element::getTextContent).contains("0", "1");
        Map<String, Element> byTitle = new HashMap<>();
        for (Element cell : cells) {
            byTitle.put(cell.getElementsByTagName("title").item(0).getTextContent().split(":")[0], cell);
        }
        // columns are layers of X left to right, rows layers of Y top to bottom, titles carry the value
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                Element cell = byTitle.get("layer " + x + " x layer " + y);
                assertThat(cell.getElementsByTagName("title").item(0).getTextContent())
                        .endsWith(String.format(java.util.Locale.ROOT, "%.3f", MATRIX[1][x][y]).replaceAll("0+$", "")
                                .replaceAll("\\.$", ""));
                if (x > 0) {
                    assertThat(Double.parseDouble(cell.getAttribute("x"))).isGreaterThan(
                            Double.parseDouble(byTitle.get("layer " + (x - 1) + " x layer " + y).getAttribute("x")));
                }
                if (y > 0) {
                    assertThat(Double.parseDouble(cell.getAttribute("y"))).isGreaterThan(
                            Double.parseDouble(byTitle.get("layer " + x + " x layer " + (y - 1)).getAttribute("y")));
                }
            }
        }
        // the larger value gets the brighter (higher viridis) colour: green channel rises along viridis
        Element low = null;
        Element high = null;
        double lowValue = 2;
        double highValue = -1;
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                if (MATRIX[1][x][y] < lowValue) {
                    lowValue = MATRIX[1][x][y];
                    low = byTitle.get("layer " + x + " x layer " + y);
                }
                if (MATRIX[1][x][y] > highValue) {
                    highValue = MATRIX[1][x][y];
                    high = byTitle.get("layer " + x + " x layer " + y);
                }
            }
        }
        assertThat(Integer.parseInt(high.getAttribute("fill").substring(3, 5), 16))
                .isGreaterThan(Integer.parseInt(low.getAttribute("fill").substring(3, 5), 16));

        byte[] png = mvc.perform(get("/api/v1/experiments/{id}/plots/heatmap.png", ALL).param("task", "task-1"))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.IMAGE_PNG)).andReturn()
                .getResponse().getContentAsByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Element root = svg.getDocumentElement();
        assertThat(image.getWidth()).isEqualTo(Integer.parseInt(root.getAttribute("width")));
        assertThat(image.getHeight()).isEqualTo(Integer.parseInt(root.getAttribute("height")));
        for (Element cell : cells) {
            int cx = (int) (Double.parseDouble(cell.getAttribute("x")) + Double.parseDouble(cell.getAttribute("width")) / 2);
            int cy = (int) (Double.parseDouble(cell.getAttribute("y")) + Double.parseDouble(cell.getAttribute("height")) / 2);
            assertThat(String.format("#%06x", image.getRGB(cx, cy) & 0xffffff)).isEqualTo(cell.getAttribute("fill"));
        }
    }

    @Test
    void curvesAndBoxesRenderAsPngToo() throws Exception {
        for (String plot : List.of("curves.png", "boxes.png")) {
            byte[] png = mvc.perform(get("/api/v1/experiments/{id}/plots/" + plot, SAME)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsByteArray();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(760);
            long nonWhite = 0;
            for (int x = 0; x < image.getWidth(); x += 2) {
                for (int y = 0; y < image.getHeight(); y += 2) {
                    nonWhite += (image.getRGB(x, y) & 0xffffff) == 0xffffff ? 0 : 1;
                }
            }
            assertThat(nonWhite).as(plot).isGreaterThan(500);
        }
    }

    @Test
    void aRunningExperimentIsSummarisedAndPlottedFromTheTasksDoneSoFar() throws Exception {
        mvc.perform(get("/api/v1/experiments/{id}/results/layers", RUNNING)).andExpect(status().isOk())
                .andExpect(jsonPath("$.coverage.complete").value(false))
                .andExpect(jsonPath("$.coverage.tasksIncluded").value(2))
                .andExpect(jsonPath("$.coverage.tasksTotal").value(4))
                .andExpect(jsonPath("$.coverage.note").value("experiment RUNNING, partial results: 2 of 4 tasks so far"))
                .andExpect(jsonPath("$.overall.layers[0].experimental.n").value(2));
        Document svg = svg(mvc.perform(get("/api/v1/experiments/{id}/plots/boxes.svg", RUNNING))
                .andExpect(status().isOk()).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
                        .header().string("X-Mossa-Complete", "false")).andReturn().getResponse());
        assertThat(byClass(svg, "text", "subtitle").get(0).getTextContent()).contains("2 of 4 tasks so far");
    }

    @Test
    void badRequestsNameTheParameter() throws Exception {
        expectProblem("/api/v1/experiments/" + UUID.randomUUID() + "/results/layers", 404, "no experiment");
        expectProblem("/api/v1/experiments/" + UUID.randomUUID() + "/plots/curves.svg", 404, "no experiment");
        expectProblem("/api/v1/experiments/" + SAME + "/plots/pie.svg", 400, "plot: must be one of");
        expectProblem("/api/v1/experiments/" + SAME + "/plots/curves.gif", 400, "format: must be one of");
        // an image request (as from an <img> tag) that goes wrong still gets the problem document
        mvc.perform(get("/api/v1/experiments/" + SAME + "/plots/pie.svg").accept("image/svg+xml"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("plot: must be one of")));
        expectProblem("/api/v1/experiments/" + SAME + "/plots/curves.svg?comparison=both", 400, "comparison: must be");
        expectProblem("/api/v1/experiments/" + SAME + "/results.npy?comparison=difference", 400, "comparison: must be");
        expectProblem("/api/v1/experiments/" + ALL + "/plots/curves.svg?comparison=baseline", 422,
                "comparison: experiment " + ALL + " has no baseline");
        expectProblem("/api/v1/experiments/" + SAME + "/plots/heatmap.svg?task=imdb", 409,
                "heatmap: experiment " + SAME + " compared layers with layerPairs=same");
        expectProblem("/api/v1/experiments/" + ALL + "/plots/heatmap.svg", 400, "task: the heatmap shows one task");
        expectProblem("/api/v1/experiments/" + ALL + "/plots/heatmap.svg?task=nope", 400, "task: experiment " + ALL
                + " has no task 'nope'");
        expectProblem("/api/v1/experiments/" + SAME + "/plots/curves.svg?task=imdb", 400, "task: only the heatmap");
        expectProblem("/api/v1/experiments/" + BIG + "/plots/heatmap.svg?task=wide", 422,
                "heatmap: 257 x 256 layers exceed the limit of 65536 cells");
    }

    @Test
    void openApiDocumentsTheProducedMediaTypes() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/plots/{file}'].get.responses['200'].content"
                        + "['image/svg+xml']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/plots/{file}'].get.responses['200'].content"
                        + "['image/png']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results.csv'].get.responses['200'].content"
                        + "['text/csv']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results.npy'].get.responses['200'].content"
                        + "['application/x-npy']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results/layers'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results/tasks'].get").exists());
    }

    private void expectProblem(String url, int status, String detailStart) throws Exception {
        mvc.perform(get(url)).andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(detailStart)));
    }

    /** Tick marks and their labels, in order: [y of first tick, its value, y of last tick, its value]. */
    private static double[] yAxis(Document svg) {
        List<Element> marks = byClass(svg, "line", "ytick-mark");
        List<Element> labels = byClass(svg, "text", "ytick");
        assertThat(marks).hasSameSizeAs(labels).hasSizeGreaterThanOrEqualTo(2);
        Element firstMark = marks.get(0);
        Element lastMark = marks.get(marks.size() - 1);
        return new double[] {Double.parseDouble(firstMark.getAttribute("y1")),
            Double.parseDouble(labels.get(0).getTextContent()), Double.parseDouble(lastMark.getAttribute("y1")),
            Double.parseDouble(labels.get(labels.size() - 1).getTextContent())};
    }

    private static double valueAt(double[] axis, double y) {
        return axis[1] + (y - axis[0]) * (axis[3] - axis[1]) / (axis[2] - axis[0]);
    }

    /** The value one pixel spans on the y axis. */
    private static double pixel(double[] axis) {
        return Math.abs((axis[3] - axis[1]) / (axis[2] - axis[0]));
    }

    /** The elements of this tag whose class is {@code role}. */
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

    private static Document svg(MockHttpServletResponse response) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.getContentAsByteArray()));
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return document;
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<Integer> allTaskIndexes() {
        List<Integer> all = new ArrayList<>();
        for (int t = 0; t < TASKS.size(); t++) {
            all.add(t);
        }
        return all;
    }

    private static ExperimentResults.Result result(String task, String cluster, String comparison, String modelX,
            String layerPairs, List<ExperimentResults.LayerValue> values) {
        return new ExperimentResults.Result(task, cluster, comparison, modelX, "ctl-" + task, 16, "linear", "biased",
                layerPairs, values);
    }

    private static ExperimentView view(UUID id, String status, String baseline, String layerPairs,
            List<ExperimentView.TaskSummary> tasks) {
        return ExperimentView.of(id, "test", ExperimentStatus.valueOf(status), new Models("m-exp", baseline),
                new LayerSelection(List.of(0, 1, 2, 3, 4, 5), WireName.find(LayerPairing.class, layerPairs)
                        .orElseThrow(), null), tasks)
                .withStatus(ExperimentStatus.valueOf(status), new ExperimentView.Progress(0, tasks.size()));
    }

}
