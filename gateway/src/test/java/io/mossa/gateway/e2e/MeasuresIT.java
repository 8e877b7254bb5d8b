package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mossa.tensor.npy.NpyArray;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Several measures in one experiment on the real platform and real models: cka, procrustes and knn-jaccard from
 * one extraction, each value checked against a naive computation written in the test (NaiveCka, NaiveMeasures)
 * from activations fetched straight from the extractor; then the views and plots of one measure, and the refusal
 * of a measure the experiment did not compute.
 */
class MeasuresIT extends PlatformScenario {

    private static final int K = 3;
    private static final List<Integer> LAYERS = List.of(1, 3, 6);

    @Test
    void oneExtractionGivesEveryMeasureEachAsItsDefinitionSays() throws Exception {
        List<List<String>> prompts = List.of(
                List.of("The film was a delight.", "A dull, lifeless script.", "I loved every minute.",
                        "The acting was wooden.", "A triumph of style.", "Boring and far too long.",
                        "Warm, funny and wise.", "I want my money back."),
                List.of("Paris is in France.", "Water boils at 100 C.", "The moon orbits the earth.",
                        "Cats are mammals.", "Rome was not built in a day.", "Ice is frozen water.",
                        "The sun is a star.", "Bees make honey."));
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: three measures")
                .put("experimentalModel", E).put("controlModel", C).put("pooling", "mean");
        LAYERS.forEach(definition.putArray("layers")::add);
        ArrayNode tasks = definition.putArray("tasks");
        for (int t = 0; t < prompts.size(); t++) {
            ObjectNode task = tasks.addObject().put("name", "task-" + t).put("cluster", "c" + t);
            prompts.get(t).forEach(task.putArray("prompts")::add);
        }
        ArrayNode measures = definition.putArray("measures");
        measures.addObject().put("measure", "cka");
        measures.addObject().put("measure", "procrustes");
        measures.addObject().put("measure", "knn-jaccard").put("k", K);
        definition.putObject("statistics").put("permutations", 19).put("seed", 7);

        var submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        JsonNode results = JSON.readTree(get(location + "/results").body()).get("results");
        assertThat(results).hasSize(prompts.size() * 3);
        for (int t = 0; t < prompts.size(); t++) {
            NpyArray e = activations(E, prompts.get(t));
            NpyArray c = activations(C, prompts.get(t));
            for (String measure : List.of("cka", "procrustes", "knn-jaccard")) {
                JsonNode result = result(results, "task-" + t, measure);
                assertThat(result.get("values")).hasSize(LAYERS.size());
                for (JsonNode value : result.get("values")) {
                    int layer = value.get("layerX").asInt();
                    double[][] x = layerMatrix(e, layer);
                    double[][] y = layerMatrix(c, layer);
                    double expected = switch (measure) {
                        case "cka" -> NaiveCka.cka(x, y);
                        case "procrustes" -> NaiveMeasures.procrustes(x, y);
                        default -> NaiveMeasures.knnJaccard(x, y, K);
                    };
                    assertThat(value.get("cka").asDouble()).as("%s task-%d layer %d", measure, t, layer)
                            .isCloseTo(expected, within(1e-6));
                    assertThat(value.get("pValue").asDouble()).isBetween(0.05, 1.0);
                }
            }
        }

        // the views of one measure: the first by default, another by name, a measure not computed refused
        JsonNode byDefault = JSON.readTree(get(location + "/results/tasks").body());
        assertThat(byDefault.get("measure").asString()).isEqualTo("cka");
        JsonNode knn = JSON.readTree(get(location + "/results/tasks?measure=knn-jaccard").body());
        assertThat(knn.get("measure").asString()).isEqualTo("knn-jaccard");
        assertThat(knn.at("/tasks/1/layers/2/experimental").asDouble())
                .isEqualTo(result(results, "task-1", "knn-jaccard").get("values").get(2).get("cka").asDouble());
        assertProblem(get(location + "/results/layers?measure=rsa"), 400, "did not compute 'rsa'");
        String plot = get(location + "/plots/curves.svg?measure=procrustes").body();
        assertThat(plot).contains("procrustes distance(E, C_t)").contains("a distance: smaller = more alike");
        // the results page with ?measure=: the selector (several measures) on it, its views those of the measure
        String id = done.get("id").asString();
        HeadlessChromium.Page page = HeadlessChromium.installed().loadUntil(
                URI.create(gateway().url() + "/?experiment=" + id + "&measure=knn-jaccard"),
                dom -> dom.contains("data-state=\"ready\""), Duration.ofMinutes(1));
        org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(page.dom());
        assertThat(dom.getElementById("errors").text()).as("errors the page reported").isEmpty();
        assertThat(dom.getElementById("measure-choice").hasAttr("hidden")).isFalse();
        assertThat(dom.select("#measure option").eachAttr("value")).containsExactly("cka", "procrustes", "knn-jaccard");
        assertThat(dom.select("#task-table caption").text()).startsWith("knn-jaccard(E, C_t) per task and layer");
        org.jsoup.nodes.Element cell = dom.select("#task-table tbody tr").get(1).select("td.number").get(1 + 2);
        assertThat(ResultsPageIT.tooltipNumber(cell, "knn-jaccard(E, C_t) = "))
                .isEqualTo(knn.at("/tasks/1/layers/2/experimental").asDouble());

        String csv = get(location + "/results.csv").body();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",measure");
        assertThat(csv.lines().skip(1).map(line -> line.substring(line.lastIndexOf(',') + 1)).distinct().toList())
                .containsExactly("cka", "procrustes", "knn-jaccard");
    }

    private static JsonNode result(JsonNode results, String task, String measure) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode result : results) {
            if (result.get("task").asString().equals(task) && result.get("measure").asString().equals(measure)
                    && result.get("comparison").asString().equals("experimental")) {
                found.add(result);
            }
        }
        assertThat(found).as(task + " " + measure).hasSize(1);
        return found.get(0);
    }
}
