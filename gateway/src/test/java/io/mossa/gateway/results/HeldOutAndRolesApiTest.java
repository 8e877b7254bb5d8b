package io.mossa.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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

import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.gateway.experiment.ExperimentResults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Held-out tasks, intervals and layer roles over real HTTP against a stand-in cka-service. The fixture is made
 * by hand: each task's curve is a level per layer plus a task offset, so the quartiles across tasks are the
 * levels plus quartiles of the offsets, computed here by hand, and the roles are the levels' steps.
 */
@SpringBootTest(properties = "mossa.gateway.extractor-url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class HeldOutAndRolesApiTest {

    static final FakeCkaService CKA;
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Trained tasks: shared 0-2, transition 3-4, refinement 5-7. Held-out tasks: one step, between 3 and 4. */
    static final double[] TRAINED = {0.9, 0.9, 0.9, 0.5, 0.5, 0.3, 0.3, 0.3};
    static final double[] HELD_OUT = {0.4, 0.4, 0.4, 0.4, 0.8, 0.8, 0.8, 0.8};
    static final double BASELINE = 0.5;

    record Task(String name, String cluster, boolean heldOut, String split, double offset) {
        double e(int layer) {
            return (heldOut ? HELD_OUT : TRAINED)[layer] + offset;
        }
    }

    static final List<Task> TASKS = List.of(
            new Task("a1", "A", false, "train", 0.00), new Task("a2", "A", false, "train", 0.02),
            new Task("a3", "A", true, "test", 0.00), new Task("b1", "B", false, null, 0.06),
            new Task("c1", "C", true, "test", 0.04), new Task("c2", "C", true, "test", 0.08),
            new Task("c3", "C", true, "test", 0.20));

    static final UUID HELD = UUID.randomUUID();
    /** No baseline, three layers. */
    static final UUID SHORT = UUID.randomUUID();
    /** Results as a cka-service without task flags or statistics answers them. */
    static final UUID OLD = UUID.randomUUID();

    static {
        try {
            CKA = new FakeCkaService();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        List<ExperimentResults.Result> results = new ArrayList<>();
        List<ExperimentView.TaskSummary> summaries = new ArrayList<>();
        for (Task task : TASKS) {
            List<ExperimentResults.LayerValue> e = new ArrayList<>();
            List<ExperimentResults.LayerValue> b = new ArrayList<>();
            for (int l = 0; l < 8; l++) {
                boolean withStatistics = task.name().equals("a1");
                e.add(withStatistics ? new ExperimentResults.LayerValue(l, l, task.e(l), 0.001 * (l + 1),
                        task.e(l) - 0.05, task.e(l) + 0.05) : new ExperimentResults.LayerValue(l, l, task.e(l)));
                b.add(withStatistics ? new ExperimentResults.LayerValue(l, l, BASELINE, 0.5, null, null)
                        : new ExperimentResults.LayerValue(l, l, BASELINE));
            }
            results.add(new ExperimentResults.Result(task.name(), task.cluster(), "experimental", "m-exp",
                    "ctl-" + task.name(), 16, "linear", "debiased", "same", e, task.heldOut(), task.split(), null));
            results.add(new ExperimentResults.Result(task.name(), task.cluster(), "baseline", "m-base",
                    "ctl-" + task.name(), 16, "linear", "debiased", "same", b, task.heldOut(), task.split(), null));
            summaries.add(new ExperimentView.TaskSummary(task.name(), task.cluster(), "ctl-" + task.name(), 16, false, null));
        }
        CKA.put(view(HELD, "m-base", summaries), new ExperimentResults(HELD, "SUCCEEDED", results));

        List<ExperimentResults.LayerValue> three = List.of(new ExperimentResults.LayerValue(0, 0, 0.9),
                new ExperimentResults.LayerValue(1, 1, 0.5), new ExperimentResults.LayerValue(2, 2, 0.1));
        CKA.put(view(SHORT, null, List.of(new ExperimentView.TaskSummary("t", "c", "ctl", 16, false, null))),
                new ExperimentResults(SHORT, "SUCCEEDED", List.of(new ExperimentResults.Result("t", "c",
                        "experimental", "m-exp", "ctl", 16, "linear", "biased", "same", three))));

        CKA.putRaw(view(OLD, null, List.of(new ExperimentView.TaskSummary("t", "c", "ctl", 16, false, null))),
                "{\"experimentId\":\"" + OLD + "\",\"status\":\"SUCCEEDED\",\"results\":[{\"task\":\"t\","
                        + "\"cluster\":\"c\",\"comparison\":\"experimental\",\"modelX\":\"m-exp\",\"modelY\":\"ctl\","
                        + "\"n\":16,\"kernel\":\"linear\",\"estimator\":\"biased\",\"layerPairs\":\"same\","
                        + "\"values\":[{\"layerX\":0,\"layerY\":0,\"cka\":0.25}]}]}");
    }

    @DynamicPropertySource
    static void ckaUrl(DynamicPropertyRegistry registry) {
        registry.add("mossa.gateway.cka-url", CKA::url);
    }

    @AfterAll
    static void stop() {
        CKA.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void layerSummariesKeepHeldOutTasksApartOverallAndPerCluster() throws Exception {
        JsonNode view = json("/api/v1/experiments/" + HELD + "/results/layers");
        assertThat(view.at("/overall/heldOut").isNull()).isTrue();
        assertThat(names(view.at("/overall/tasks"))).containsExactly("a1", "a2", "a3", "b1", "c1", "c2", "c3");
        assertThat(view.at("/trained/heldOut").asBoolean()).isFalse();
        assertThat(names(view.at("/trained/tasks"))).containsExactly("a1", "a2", "b1");
        assertThat(view.at("/heldOut/heldOut").asBoolean()).isTrue();
        assertThat(names(view.at("/heldOut/tasks"))).containsExactly("a3", "c1", "c2", "c3");
        for (int l = 0; l < 8; l++) {
            // trained offsets 0, 0.02, 0.06: q1 halfway between the first two, q3 halfway between the last two
            assertQuartiles(view.at("/trained/layers/" + l + "/experimental"), TRAINED[l], 0, 0.01, 0.02, 0.04, 0.06,
                    0.08 / 3, 3);
            // held-out offsets 0, 0.04, 0.08, 0.2: h = 0.75, 1.5, 2.25
            assertQuartiles(view.at("/heldOut/layers/" + l + "/experimental"), HELD_OUT[l], 0, 0.03, 0.06, 0.11, 0.2,
                    0.08, 4);
            assertQuartiles(view.at("/heldOut/layers/" + l + "/difference"), HELD_OUT[l] - BASELINE, 0, 0.03, 0.06,
                    0.11, 0.2, 0.08, 4);
        }
        JsonNode clusters = view.get("clusters");
        assertThat(clusters).hasSize(4);
        String[][] expected = {{"A", "false", "a1,a2"}, {"A", "true", "a3"}, {"B", "false", "b1"},
            {"C", "true", "c1,c2,c3"}};
        for (int g = 0; g < 4; g++) {
            assertThat(clusters.get(g).get("cluster").asString()).isEqualTo(expected[g][0]);
            assertThat(clusters.get(g).get("heldOut").asString()).isEqualTo(expected[g][1]);
            assertThat(String.join(",", names(clusters.get(g).get("tasks")))).isEqualTo(expected[g][2]);
        }
        // cluster A trained: offsets 0, 0.02; cluster C held out: 0.04, 0.08, 0.2
        assertQuartiles(clusters.get(0).at("/layers/3/experimental"), TRAINED[3], 0, 0.005, 0.01, 0.015, 0.02, 0.01, 2);
        assertQuartiles(clusters.get(3).at("/layers/5/experimental"), HELD_OUT[5], 0.04, 0.06, 0.08, 0.14, 0.2,
                0.32 / 3, 3);
    }

    private static void assertQuartiles(JsonNode summary, double level, double min, double q1, double median,
            double q3, double max, double mean, int n) {
        assertThat(summary.get("n").asInt()).isEqualTo(n);
        assertThat(summary.get("min").asDouble()).isCloseTo(level + min, within(1e-12));
        assertThat(summary.get("q1").asDouble()).isCloseTo(level + q1, within(1e-12));
        assertThat(summary.get("median").asDouble()).isCloseTo(level + median, within(1e-12));
        assertThat(summary.get("q3").asDouble()).isCloseTo(level + q3, within(1e-12));
        assertThat(summary.get("max").asDouble()).isCloseTo(level + max, within(1e-12));
        assertThat(summary.get("mean").asDouble()).isCloseTo(level + mean, within(1e-12));
    }

    @Test
    void theTaskViewCarriesFlagsSplitsAndIntervals() throws Exception {
        JsonNode tasks = json("/api/v1/experiments/" + HELD + "/results/tasks").get("tasks");
        assertThat(tasks).hasSize(7);
        for (int t = 0; t < 7; t++) {
            assertThat(tasks.get(t).get("task").asString()).isEqualTo(TASKS.get(t).name());
            assertThat(tasks.get(t).get("heldOut").asBoolean()).isEqualTo(TASKS.get(t).heldOut());
        }
        assertThat(tasks.get(2).get("split").asString()).isEqualTo("test");
        assertThat(tasks.get(3).get("split").isNull()).isTrue();
        JsonNode a1 = tasks.get(0).at("/layers/3");
        assertThat(a1.get("experimental").asDouble()).isEqualTo(0.5);
        assertThat(a1.get("experimentalPValue").asDouble()).isEqualTo(0.004);
        assertThat(a1.get("experimentalCiLow").asDouble()).isEqualTo(0.5 - 0.05);
        assertThat(a1.get("experimentalCiHigh").asDouble()).isEqualTo(0.5 + 0.05);
        assertThat(a1.get("baselinePValue").asDouble()).isEqualTo(0.5);
        assertThat(a1.get("baselineCiLow").isNull()).isTrue();
        JsonNode a2 = tasks.get(1).at("/layers/3");
        assertThat(a2.get("experimentalPValue").isNull()).isTrue();
        assertThat(a2.get("experimentalCiHigh").isNull()).isTrue();
    }

    @Test
    void theCsvHasTheFlagAndStatisticsColumns() throws Exception {
        String csv = mvc.perform(get("/api/v1/experiments/{id}/results.csv", HELD)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<List<String>> rows = ResultsApiTest.parseCsv(csv);
        assertThat(rows.get(0)).containsExactly("comparison", "model_x", "model_y", "task", "cluster", "layer_x",
                "layer_y", "value", "held_out", "split", "p_value", "ci_low", "ci_high", "measure");
        assertThat(rows).hasSize(1 + 7 * 2 * 8);
        // a1 experimental, layer 3: rows follow results order (task, then comparison), then layers
        assertThat(rows.get(1 + 3)).containsExactly("experimental", "m-exp", "ctl-a1", "a1", "A", "3", "3", "0.5",
                "false", "train", "0.004", Double.toString(0.5 - 0.05), Double.toString(0.5 + 0.05), "cka");
        // a1 baseline, layer 0: a p-value without an interval
        assertThat(rows.get(1 + 8)).containsExactly("baseline", "m-base", "ctl-a1", "a1", "A", "0", "0", "0.5",
                "false", "train", "0.5", "", "", "cka");
        // a3 is held out; b1 has no split and no statistics
        assertThat(rows.get(1 + 2 * 16).subList(3, 13)).containsExactly("a3", "A", "0", "0", "0.4", "true", "test",
                "", "", "");
        assertThat(rows.get(1 + 3 * 16).subList(8, 13)).containsExactly("false", "", "", "", "");
    }

    @Test
    void rolesOfTheTrainedTasksAreTheConstructedThreeAndOfTheHeldOutOnesTwo() throws Exception {
        JsonNode trained = json("/api/v1/experiments/" + HELD + "/results/roles");
        assertThat(trained.get("comparison").asString()).isEqualTo("difference");
        assertThat(trained.get("taskSelection").asString()).isEqualTo("trained");
        assertThat(names(trained.get("tasks"))).containsExactly("a1", "a2", "b1");
        assertThat(trained.at("/roles/structure").asString()).isEqualTo("three-roles");
        assertSegments(trained, "shared", 0, 2, "transition", 3, 4, "refinement", 5, 7);
        // the mean curve is the trained level plus the mean offset minus the baseline
        for (int l = 0; l < 8; l++) {
            assertThat(trained.at("/curves/0/values/" + l).asDouble()).isCloseTo(TRAINED[l] + 0.08 / 3 - BASELINE,
                    within(1e-12));
        }
        assertThat(trained.at("/roles/segments/0/curves/0/mean").asDouble()).isCloseTo(0.9 + 0.08 / 3 - BASELINE,
                within(1e-12));
        assertThat(trained.at("/roles/boundaries/0/steps/0/change").asDouble()).isCloseTo(0.5 - 0.9, within(1e-12));
        assertThat(trained.at("/roles/fit/explainedTwoChanges").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(trained.get("method").asString()).contains("exhaustive least squares");

        JsonNode experimental = json("/api/v1/experiments/" + HELD + "/results/roles?comparison=experimental");
        assertSegments(experimental, "shared", 0, 2, "transition", 3, 4, "refinement", 5, 7);

        JsonNode heldOut = json("/api/v1/experiments/" + HELD + "/results/roles?tasks=held-out");
        assertThat(heldOut.at("/roles/structure").asString()).isEqualTo("two-roles");
        assertSegments(heldOut, "shared", 0, 3, "refinement", 4, 7);

        JsonNode clusterC = json("/api/v1/experiments/" + HELD + "/results/roles?tasks=held-out&cluster=C");
        assertThat(names(clusterC.get("tasks"))).containsExactly("c1", "c2", "c3");
        assertSegments(clusterC, "shared", 0, 3, "refinement", 4, 7);

        JsonNode none = json("/api/v1/experiments/" + HELD + "/results/roles?tasks=held-out&cluster=B");
        assertThat(none.at("/roles/structure").asString()).isEqualTo("none");
        assertThat(none.at("/roles/reason").asString()).isEqualTo("no held-out tasks with results in cluster B");

        JsonNode all = json("/api/v1/experiments/" + HELD + "/results/roles?tasks=all&comparison=experimental");
        assertThat(all.get("tasks")).hasSize(7);

        JsonNode tooShort = json("/api/v1/experiments/" + SHORT + "/results/roles");
        assertThat(tooShort.get("comparison").asString()).isEqualTo("experimental");
        assertThat(tooShort.at("/roles/structure").asString()).isEqualTo("none");
        assertThat(tooShort.at("/roles/reason").asString()).contains("only 3 layers");
        assertThat(tooShort.at("/roles/segments")).isEmpty();
    }

    private static void assertSegments(JsonNode view, Object... expected) {
        JsonNode segments = view.at("/roles/segments");
        assertThat(segments).hasSize(expected.length / 3);
        for (int k = 0; k < segments.size(); k++) {
            assertThat(segments.get(k).get("role").asString()).isEqualTo(expected[3 * k]);
            assertThat(segments.get(k).get("firstLayer").asInt()).isEqualTo(expected[3 * k + 1]);
            assertThat(segments.get(k).get("lastLayer").asInt()).isEqualTo(expected[3 * k + 2]);
        }
    }

    @Test
    void rolesRejectBadParametersNamingThem() throws Exception {
        String base = "/api/v1/experiments/" + HELD + "/results/roles";
        expectProblem(base + "?tasks=unseen", 400, "tasks: must be one of [trained, held-out, all], was 'unseen'");
        expectProblem(base + "?comparison=baseline", 400, "comparison: must be one of [experimental, difference]");
        expectProblem(base + "?comparison=both", 400, "comparison: must be one of");
        expectProblem(base + "?cluster=Z", 400, "cluster: no task of experiment " + HELD
                + " with results is in cluster 'Z'");
        expectProblem("/api/v1/experiments/" + SHORT + "/results/roles?comparison=difference", 422,
                "comparison: experiment " + SHORT + " has no baseline");
        expectProblem("/api/v1/experiments/" + UUID.randomUUID() + "/results/roles", 404, "no experiment");
        expectProblem("/api/v1/experiments/" + SHORT + "/results/matrices?comparison=baseline", 422,
                "comparison: experiment " + SHORT + " has no baseline");
        expectProblem("/api/v1/experiments/" + HELD + "/results/matrices?comparison=difference", 400,
                "comparison: must be one of");
    }

    @Test
    void curvesDrawHeldOutTasksDashedAndTheRolesBehind() throws Exception {
        Document svg = svg("/api/v1/experiments/" + HELD + "/plots/curves.svg");
        List<Element> series = ResultsApiTest.byClass(svg, "polyline", "series");
        assertThat(series).extracting(e -> e.getElementsByTagName("title").item(0).getTextContent())
                .containsExactly("A", "A (held-out)", "B", "C (held-out)");
        assertThat(series).extracting(e -> e.getAttribute("stroke-dasharray")).containsExactly("", "6.00 4.00", "",
                "6.00 4.00");
        // a cluster keeps its colour for its held-out tasks
        assertThat(series.get(1).getAttribute("stroke")).isEqualTo(series.get(0).getAttribute("stroke"));
        assertThat(ResultsApiTest.byClass(svg, "rect", "role-band")).extracting(e -> e.getElementsByTagName("title").item(0)
                .getTextContent()).containsExactly("shared: layers 0-2", "transition: layers 3-4",
                        "refinement: layers 5-7");
        assertThat(ResultsApiTest.byClass(svg, "line", "role-boundary")).hasSize(2);
        assertThat(ResultsApiTest.byClass(svg, "text", "legend-role")).extracting(Element::getTextContent)
                .containsExactly("layer roles", "shared: layers 0-2", "transition: layers 3-4",
                        "refinement: layers 5-7");

        Document bare = svg("/api/v1/experiments/" + HELD + "/plots/curves.svg?roles=false");
        assertThat(ResultsApiTest.byClass(bare, "rect", "role-band")).isEmpty();
        assertThat(ResultsApiTest.byClass(bare, "text", "legend-role")).isEmpty();

        Document noRoles = svg("/api/v1/experiments/" + SHORT + "/plots/curves.svg");
        assertThat(ResultsApiTest.byClass(noRoles, "rect", "role-band")).isEmpty();
        assertThat(ResultsApiTest.byClass(noRoles, "text", "legend-role")).singleElement()
                .satisfies(e -> assertThat(e.getTextContent()).startsWith("layer roles: none (only 3 layers"));

        mvc.perform(get("/api/v1/experiments/{id}/plots/curves.png", HELD)).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG));
    }

    @Test
    void boxesOfHeldOutTasksSummariseOnlyThem() throws Exception {
        List<Element> boxes = ResultsApiTest.byClass(svg("/api/v1/experiments/" + HELD + "/plots/boxes.svg?tasks=held-out"), "rect",
                "box");
        assertThat(boxes).hasSize(8);
        for (int l = 0; l < 8; l++) {
            double level = HELD_OUT[l];
            // held-out offsets 0, 0.04, 0.08, 0.2: quartiles 0.03, 0.06, 0.11 as in the layer summaries
            assertThat(boxes.get(l).getElementsByTagName("title").item(0).getTextContent()).isEqualTo(
                    "layer " + l + ": min " + three(level) + ", q1 " + three(level + 0.03) + ", median "
                            + three(level + 0.06) + ", q3 " + three(level + 0.11) + ", max " + three(level + 0.2)
                            + ", n 4");
        }
        List<Element> trainedA = ResultsApiTest.byClass(svg("/api/v1/experiments/" + HELD
                + "/plots/boxes.svg?tasks=trained&cluster=A"), "rect", "box");
        assertThat(trainedA.get(0).getElementsByTagName("title").item(0).getTextContent()).endsWith(", n 2");
        expectProblem("/api/v1/experiments/" + HELD + "/plots/curves.svg?tasks=held-out", 400,
                "tasks: only the box plot takes tasks");
        expectProblem("/api/v1/experiments/" + HELD + "/plots/boxes.svg?tasks=unseen", 400, "tasks: must be one of");
    }

    private static String three(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Test
    void matricesAsJsonNameTheirAxesAndCarryTheStatistics() throws Exception {
        JsonNode e = json("/api/v1/experiments/" + HELD + "/results/matrices");
        assertThat(names(e.get("tasks"))).containsExactly("a1", "a2", "a3", "b1", "c1", "c2", "c3");
        assertThat(e.get("heldOut")).extracting(JsonNode::asBoolean).containsExactly(false, false, true, false, true,
                true, true);
        assertThat(e.get("layersX")).hasSize(8);
        for (int t = 0; t < 7; t++) {
            for (int x = 0; x < 8; x++) {
                for (int y = 0; y < 8; y++) {
                    JsonNode cell = e.at("/cka/" + t + "/" + x + "/" + y);
                    if (x == y) {
                        assertThat(cell.asDouble()).isEqualTo(TASKS.get(t).e(x));
                    } else {
                        assertThat(cell.isNull()).isTrue();
                    }
                }
            }
        }
        assertThat(e.at("/pValue/0/2/2").asDouble()).isEqualTo(0.003);
        assertThat(e.at("/pValue/1/2/2").isNull()).isTrue();
        assertThat(e.at("/ciHigh/0/7/7").asDouble()).isEqualTo(TASKS.get(0).e(7) + 0.05);
        JsonNode b = json("/api/v1/experiments/" + HELD + "/results/matrices?comparison=baseline");
        assertThat(b.at("/pValue/0/0/0").asDouble()).isEqualTo(0.5);
        assertThat(b.get("ciLow").isNull()).isTrue();
        String etag = mvc.perform(get("/api/v1/experiments/{id}/results/matrices", HELD)).andReturn().getResponse()
                .getHeader("ETag");
        mvc.perform(get("/api/v1/experiments/{id}/results/matrices", HELD).header("If-None-Match", etag))
                .andExpect(status().isNotModified());
        String roles = mvc.perform(get("/api/v1/experiments/{id}/results/roles", HELD)).andReturn().getResponse()
                .getHeader("ETag");
        mvc.perform(get("/api/v1/experiments/{id}/results/roles", HELD).header("If-None-Match", roles))
                .andExpect(status().isNotModified());
        assertThat(roles).isNotEqualTo(mvc.perform(get("/api/v1/experiments/{id}/results/roles", HELD)
                .param("tasks", "held-out")).andReturn().getResponse().getHeader("ETag"));
    }

    @Test
    void resultsOfACkaServiceWithoutTaskFlagsStillParse() throws Exception {
        JsonNode results = json("/api/v1/experiments/" + OLD + "/results");
        assertThat(results.at("/results/0/heldOut").asBoolean()).isFalse();
        assertThat(results.at("/results/0/split").isNull()).isTrue();
        assertThat(results.at("/results/0/values/0/cka").asDouble()).isEqualTo(0.25);
        assertThat(results.at("/results/0/values/0/pValue").isNull()).isTrue();
        mvc.perform(get("/api/v1/experiments/{id}/results/layers", OLD)).andExpect(status().isOk())
                .andExpect(jsonPath("$.trained.tasks[0]").value("t"))
                .andExpect(jsonPath("$.heldOut").doesNotExist());
    }

    @Test
    void openApiDocumentsTheNewOperations() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results/roles'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results/matrices'].get").exists());
    }

    private void expectProblem(String url, int status, String detailStart) throws Exception {
        mvc.perform(get(url)).andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(detailStart)));
    }

    private JsonNode json(String url) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse();
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private Document svg(String url) throws Exception {
        byte[] body = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asString()));
        return names;
    }

    private static ExperimentView view(UUID id, String baseline, List<ExperimentView.TaskSummary> tasks) {
        return ExperimentView.of(id, "held-out", ExperimentStatus.SUCCEEDED, new Models("m-exp", baseline),
                LayerSelection.of(List.of(0, 1, 2, 3, 4, 5, 6, 7)), tasks);
    }
}
