package io.mossa.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.MeasureSpec;
import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.experiment.ExperimentResults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An experiment of two measures, a distance first (procrustes) and CKA, over real HTTP against a stand-in
 * cka-service: views, matrices, NPY, roles and plots show one measure, the experiment's first by default or the
 * one asked for; a measure the experiment did not compute is a 400 naming the parameter; the CSV and JSON carry
 * every measure, each row naming its own. The values are made by hand so that the means are known.
 */
@SpringBootTest(properties = "mossa.gateway.extractor-url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class MeasuresApiTest {

    static final FakeCkaService CKA;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID ID = UUID.randomUUID();
    static final int LAYERS = 5;

    /** The procrustes distance of task t at layer l: 0.1 (l + 1) + 0.02 t; CKA: 1 - 0.1 l - 0.04 t. */
    static double distance(int t, int l) {
        return 0.1 * (l + 1) + 0.02 * t;
    }

    static double cka(int t, int l) {
        return 1 - 0.1 * l - 0.04 * t;
    }

    static {
        try {
            CKA = new FakeCkaService();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        List<ExperimentResults.Result> results = new ArrayList<>();
        List<ExperimentView.TaskSummary> tasks = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            List<ExperimentResults.LayerValue> d = new ArrayList<>();
            List<ExperimentResults.LayerValue> c = new ArrayList<>();
            for (int l = 0; l < LAYERS; l++) {
                d.add(new ExperimentResults.LayerValue(l, l, distance(t, l)));
                c.add(new ExperimentResults.LayerValue(l, l, cka(t, l)));
            }
            String task = "t" + t;
            results.add(new ExperimentResults.Result(task, "c", "experimental", "m-exp", "ctl", 16, null, null,
                    "same", d, false, null, MeasureType.PROCRUSTES));
            results.add(new ExperimentResults.Result(task, "c", "experimental", "m-exp", "ctl", 16, "linear",
                    "biased", "same", c, false, null, MeasureType.CKA));
            tasks.add(new ExperimentView.TaskSummary(task, "c", "ctl", 16, false, null));
        }
        ExperimentView view = ExperimentView.of(ID, "two measures", ExperimentStatus.SUCCEEDED,
                new Models("m-exp", null), LayerSelection.of(List.of(0, 1, 2, 3, 4)), tasks);
        view = new ExperimentView(view.id(), view.name(), view.status(), view.models(), view.layers(), view.tasks(),
                view.progress(), null, view.createdAt(), null, null, CkaMeasure.defaults(),
                List.of(MeasureSpec.of(MeasureType.PROCRUSTES), MeasureSpec.of(CkaMeasure.defaults()).withDefaults()),
                view.statistics(), view.promptFormat(), view.taskSet(), view.access(), 1, null);
        CKA.put(view, new ExperimentResults(ID, "SUCCEEDED", results));
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
    void viewsShowTheFirstMeasureByDefaultAndTheOneAskedFor() throws Exception {
        JsonNode byDefault = json(ok("/api/v1/experiments/{id}/results/layers", ID));
        assertThat(byDefault.get("measure").asString()).isEqualTo("procrustes");
        JsonNode asked = json(ok("/api/v1/experiments/{id}/results/layers?measure=cka", ID));
        assertThat(asked.get("measure").asString()).isEqualTo("cka");
        for (int l = 0; l < LAYERS; l++) {
            assertThat(byDefault.at("/overall/layers/" + l + "/experimental/mean").asDouble())
                    .isCloseTo((distance(0, l) + distance(1, l)) / 2, within(1e-12));
            assertThat(asked.at("/overall/layers/" + l + "/experimental/mean").asDouble())
                    .isCloseTo((cka(0, l) + cka(1, l)) / 2, within(1e-12));
        }
        JsonNode tasks = json(ok("/api/v1/experiments/{id}/results/tasks?measure=cka", ID));
        assertThat(tasks.get("measure").asString()).isEqualTo("cka");
        assertThat(tasks.at("/tasks/1/layers/3/experimental").asDouble()).isEqualTo(cka(1, 3));

        JsonNode matrices = json(ok("/api/v1/experiments/{id}/results/matrices", ID));
        assertThat(matrices.get("measure").asString()).isEqualTo("procrustes");
        assertThat(matrices.at("/cka/1/2/2").asDouble()).isEqualTo(distance(1, 2));

        MockHttpServletResponse npy = ok("/api/v1/experiments/{id}/results.npy?measure=cka", ID);
        assertThat(npy.getHeader("X-Mossa-Measure")).isEqualTo("cka");
        assertThat(npy.getHeader("Content-Disposition")).contains("-experimental-cka.npy");

        JsonNode roles = json(ok("/api/v1/experiments/{id}/results/roles?measure=procrustes", ID));
        assertThat(roles.get("measure").asString()).isEqualTo("procrustes");
    }

    @Test
    void aMeasureTheExperimentDidNotComputeIsA400NamingIt() throws Exception {
        for (String path : List.of("/results/layers", "/results/tasks", "/results/matrices", "/results.npy",
                "/results/roles", "/plots/curves.svg")) {
            JsonNode problem = json(mvc.perform(get("/api/v1/experiments/{id}" + path + "?measure=cca", ID))
                    .andExpect(status().isBadRequest()).andReturn().getResponse());
            assertThat(problem.get("detail").asString()).as(path).isEqualTo("measure: experiment " + ID
                    + " did not compute 'cca'; it computed [procrustes, cka]");
        }
        JsonNode unknown = json(mvc.perform(get("/api/v1/experiments/{id}/results/layers?measure=cosine", ID))
                .andExpect(status().isBadRequest()).andReturn().getResponse());
        assertThat(unknown.get("detail").asString()).startsWith("measure: must be one of [cka, cca, svcca,")
                .endsWith(", was 'cosine'");
    }

    @Test
    void aDistanceIsPlottedAndLabelledAsOne() throws Exception {
        String distance = ok("/api/v1/experiments/{id}/plots/curves.svg", ID)
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(distance).contains("Mean procrustes distance(E, C_t) per layer")
                .contains("a distance: smaller = more alike");
        String similarity = ok("/api/v1/experiments/{id}/plots/boxes.svg?measure=cka", ID)
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(similarity).contains("CKA(E, C_t) per layer").doesNotContain("distance");
    }

    @Test
    void theCsvAndJsonCarryEveryMeasureByName() throws Exception {
        List<List<String>> rows = ResultsApiTest.parseCsv(ok("/api/v1/experiments/{id}/results.csv", ID)
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(rows.get(0).get(rows.get(0).size() - 1)).isEqualTo("measure");
        assertThat(rows).hasSize(1 + 2 * 2 * LAYERS);
        // results order: task, then the experiment's order of measures
        assertThat(rows.get(1)).containsExactly("experimental", "m-exp", "ctl", "t0", "c", "0", "0",
                Double.toString(distance(0, 0)), "false", "", "", "", "", "procrustes");
        assertThat(rows.get(1 + LAYERS).get(7)).isEqualTo(Double.toString(cka(0, 0)));
        assertThat(rows.get(1 + LAYERS).get(13)).isEqualTo("cka");

        JsonNode results = json(ok("/api/v1/experiments/{id}/results", ID)).get("results");
        assertThat(results.get(0).get("measure").asString()).isEqualTo("procrustes");
        assertThat(results.get(0).get("kernel").isNull()).isTrue();
        assertThat(results.get(1).get("measure").asString()).isEqualTo("cka");
    }

    private MockHttpServletResponse ok(String url, Object... variables) throws Exception {
        return mvc.perform(get(url, variables)).andExpect(status().isOk()).andReturn().getResponse();
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }
}
