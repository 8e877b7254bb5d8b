package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results page in headless Chromium draws what the API says.
 */
class ResultsPageIT extends PlatformScenario {

    @Test
    void theResultsPageDrawsAFinishedDemoExperimentsCurvesBoxesHeatmapAndTableInHeadlessChromium() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.installed();
        // the demo tasks (8 prompts each: bootstrap needs n >= 8) with one held out of training, a baseline, every
        // layer pair and p-values and intervals, so that each view of the page has data to draw
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: results page")
                .put("experimentalModel", E).put("controlModel", C).put("baselineModel", C)
                .put("layerPairs", "all").put("pooling", "mean");
        definition.putObject("similarity").put("estimator", "debiased");
        definition.putObject("statistics").put("permutations", 20).put("bootstrap", 20).put("seed", 7);
        ArrayNode inline = definition.putArray("tasks");
        java.util.Set<String> seenClusters = new java.util.HashSet<>();
        String heldOutTask = null;
        for (JsonNode demoTask : JSON.readTree(get("/api/v1/task-sets/demo").body()).get("tasks")) {
            String cluster = demoTask.get("cluster").asString();
            ObjectNode task = inline.addObject().put("name", demoTask.get("name").asString()).put("cluster", cluster);
            // held out: the second task of a cluster, so that its cluster has a trained and a held-out group
            if (heldOutTask == null && !seenClusters.add(cluster)) {
                heldOutTask = demoTask.get("name").asString();
                task.put("heldOut", true);
            }
            ArrayNode prompts = task.putArray("prompts");
            for (int i = 0; i < 8; i++) {
                prompts.add(demoTask.get("prompts").get(i).asString());
            }
        }
        assertThat(heldOutTask).as("a demo cluster with two tasks").isNotNull();
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        String id = done.get("id").asString();

        // what the page must draw, from the API's own JSON
        JsonNode layerView = JSON.readTree(get(location + "/results/layers").body());
        JsonNode clusters = layerView.get("clusters");
        JsonNode overall = layerView.at("/overall/layers");
        JsonNode tasks = JSON.readTree(get(location + "/results/tasks").body()).get("tasks");
        // the page shades the roles of its default comparison, experimental
        JsonNode roles = JSON.readTree(get(location + "/results/roles?comparison=experimental").body()).get("roles");
        JsonNode firstMatrix = find(JSON.readTree(get(location + "/results").body()).get("results"),
                tasks.get(0).get("task").asString(), "experimental").get("values");
        assertThat(overall.size()).isEqualTo(7);
        assertThat(firstMatrix.size()).as("every layer pair").isEqualTo(7 * 7);

        URI page = URI.create(gateway().url() + "/?experiment=" + id);
        HeadlessChromium.Page loaded = chromium.loadUntil(page, dom -> dom.contains("data-state=\"ready\"")
                && dom.contains("data-status=\"SUCCEEDED\""), Duration.ofMinutes(1));
        org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(loaded.dom());
        assertThat(dom.getElementById("errors").text()).as("errors the page reported").isEmpty();
        // uncaught exceptions, failed requests and invalid SVG attributes all land in the console
        assertThat(loaded.console()).as("the page's console")
                .noneMatch(line -> line.contains("Uncaught") || line.contains("Error") || line.contains("Failed"));
        assertThat(loaded.dom()).as("a coordinate or value computed from nothing").doesNotContain("NaN");
        assertThat(dom.select("#experiment-rows tr.selected").attr("data-id")).isEqualTo(id);

        // curves: a line per cluster, a point per layer, each point's tooltip giving the cluster's mean exactly
        org.jsoup.select.Elements series = dom.select("#curves-chart g.series");
        assertThat(series).hasSize(clusters.size());
        int heldOutGroups = 0;
        for (int c = 0; c < clusters.size(); c++) {
            JsonNode cluster = clusters.get(c);
            boolean heldOut = cluster.get("heldOut").asBoolean();
            heldOutGroups += heldOut ? 1 : 0;
            assertThat(series.get(c).attr("data-group"))
                    .isEqualTo("cluster:" + cluster.get("cluster").asString() + (heldOut ? ":held-out" : ""));
            // held-out tasks: dashed, in their cluster's colour, labelled so
            assertThat(series.get(c).select("path.series-line").attr("stroke-dasharray")).as("dashed")
                    .isEqualTo(heldOut ? "6 4" : "");
            if (heldOut) {
                assertThat(series.get(c).attr("stroke")).isEqualTo(series.get(c - 1).attr("stroke"));
                assertThat(dom.select("#group-choice label").eachText())
                        .contains(cluster.get("cluster").asString() + " (held-out) (1)");
            }
            org.jsoup.select.Elements points = series.get(c).select("circle.point");
            assertThat(points).hasSize(cluster.get("layers").size());
            for (int l = 0; l < points.size(); l++) {
                assertThat(tooltipNumber(points.get(l), "mean "))
                        .isEqualTo(cluster.get("layers").get(l).at("/experimental/mean").asDouble());
            }
        }
        assertThat(heldOutGroups).as("the held-out task's group").isEqualTo(1);
        assertThat(dom.select("#box-group option").eachAttr("value")).contains("trained", "held-out");

        // layer roles: a band per segment of the API's roles, over the segment's layers, summarised in one line
        org.jsoup.select.Elements bands = dom.select("#curves-chart rect.role-band");
        JsonNode segments = roles.get("segments");
        assertThat(bands).hasSize(segments.size());
        assertThat(dom.select("#curves-chart line.role-boundary")).hasSize(Math.max(0, segments.size() - 1));
        String rolesLine = dom.getElementById("roles-summary").text();
        if (roles.get("structure").asString().equals("none")) {
            assertThat(rolesLine).contains("Layer roles: none (" + roles.get("reason").asString() + ")");
        }
        for (int k = 0; k < segments.size(); k++) {
            JsonNode segment = segments.get(k);
            assertThat(bands.get(k).attr("data-role")).isEqualTo(segment.get("role").asString());
            assertThat(bands.get(k).attr("data-first")).isEqualTo(segment.get("firstLayer").asString());
            assertThat(bands.get(k).attr("data-last")).isEqualTo(segment.get("lastLayer").asString());
            int first = segment.get("firstLayer").asInt();
            int last = segment.get("lastLayer").asInt();
            assertThat(rolesLine).contains(segment.get("role").asString() + ": layers " + first
                    + (first == last ? "" : "-" + last));
        }

        // box plots: a box per layer over all tasks, with the API's quartiles
        org.jsoup.select.Elements boxes = dom.select("#boxes-chart g.box");
        assertThat(boxes).hasSize(overall.size());
        for (int l = 0; l < boxes.size(); l++) {
            JsonNode summary = overall.get(l).get("experimental");
            assertThat(boxes.get(l).attr("data-layer")).isEqualTo(overall.get(l).get("layer").asString());
            assertThat(tooltipNumber(boxes.get(l), "q1 ")).isEqualTo(summary.get("q1").asDouble());
            assertThat(tooltipNumber(boxes.get(l), "median ")).isEqualTo(summary.get("median").asDouble());
            assertThat(tooltipNumber(boxes.get(l), "q3 ")).isEqualTo(summary.get("q3").asDouble());
        }
        // heatmap: the first task's whole layer x layer matrix, a cell per value
        List<Double> cellValues = new ArrayList<>();
        for (org.jsoup.nodes.Element cell : dom.select("#heatmap-chart rect.cell")) {
            cellValues.add(tooltipNumber(cell, "CKA(E, C_t) = "));
        }
        List<Double> matrixValues = new ArrayList<>();
        firstMatrix.forEach(value -> matrixValues.add(value.get("cka").asDouble()));
        assertThat(cellValues).containsExactlyInAnyOrderElementsOf(matrixValues);
        // the per-task table: a row per task, a column per layer
        assertThat(dom.select("#task-table tbody tr")).hasSize(tasks.size());
        assertThat(dom.select("#task-table tbody tr").get(0).select("td.number")).hasSize(1 + overall.size());
        // p-values and intervals in the cells' tooltips, both sides, as the API gives them
        for (int t = 0; t < tasks.size(); t++) {
            org.jsoup.select.Elements cells = dom.select("#task-table tbody tr").get(t).select("td.number");
            for (int l = 0; l < overall.size(); l++) {
                JsonNode values = tasks.get(t).get("layers").get(l);
                org.jsoup.nodes.Element cell = cells.get(1 + l);
                assertThat(cell.hasClass("stats-hint")).isTrue();
                for (String side : List.of("experimental", "baseline")) {
                    String label = side.equals("experimental") ? "CKA(E, C_t)" : "CKA(B, C_t)";
                    assertThat(tooltipNumber(cell, label + " p-value "))
                            .isEqualTo(values.get(side + "PValue").asDouble());
                    String[] interval = tooltipText(cell, label + " interval ").replaceAll("[\\[\\]]", "")
                            .split(", ");
                    assertThat(Double.parseDouble(interval[0])).isEqualTo(values.get(side + "CiLow").asDouble());
                    assertThat(Double.parseDouble(interval[1])).isEqualTo(values.get(side + "CiHigh").asDouble());
                }
            }
        }
        assertThat(dom.select("#task-table tbody tr.held-out")).hasSize(1);

        Path screenshot = Path.of("target", "it-artifacts", "results-page.png");
        java.nio.file.Files.deleteIfExists(screenshot);
        chromium.screenshot(page, screenshot, 1280, 2600, 20_000);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG at " + screenshot).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours: a page with plots, not a blank one").isGreaterThan(200);
    }

    /** The number after {@code label} on the line of an element's tooltip (data-tip) that starts with it. */
    static double tooltipNumber(org.jsoup.nodes.Element element, String label) {
        return Double.parseDouble(tooltipText(element, label));
    }

    /** The rest of the line of an element's tooltip (data-tip) that starts with {@code label}. */
    static String tooltipText(org.jsoup.nodes.Element element, String label) {
        for (String line : element.attr("data-tip").split("\n")) {
            if (line.startsWith(label)) {
                return line.substring(label.length()).trim();
            }
        }
        throw new AssertionError("no '" + label + "' in the tooltip '" + element.attr("data-tip") + "'");
    }
}
