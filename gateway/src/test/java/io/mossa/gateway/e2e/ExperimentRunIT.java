package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.mossa.tensor.npy.NpyArray;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A demo experiment end to end, checked against CKA computed here from the extractor's activations, with its
 * exports and plots; and definitions the platform refuses.
 */
class ExperimentRunIT extends PlatformScenario {

    @Test
    void experimentRunsEndToEndAndItsCkaMatchesAnIndependentComputation() throws Exception {
        ObjectNode definition = JSON.createObjectNode()
                .put("name", "e2e: quantized vs fp32")
                .put("experimentalModel", E)
                .put("controlModel", C)
                .put("baselineModel", C)
                .put("taskSet", "demo")
                .put("examplesPerTask", 6)
                .put("pooling", "mean");
        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(done.at("/progress/unitsTotal").asInt());

        JsonNode results = JSON.readTree(get(location + "/results").body()).get("results");
        JsonNode taskSet = JSON.readTree(get("/api/v1/task-sets/demo").body());
        int tasks = taskSet.get("tasks").size();
        assertThat(results.size()).isEqualTo(2 * tasks);

        for (JsonNode result : results) {
            assertThat(result.get("n").asInt()).isEqualTo(6);
            assertThat(result.get("values").size()).isEqualTo(7);
            if (result.get("comparison").asString().equals("baseline")) {
                // B and C_t are the same model on the same prompts: identical representations, CKA exactly 1
                for (JsonNode value : result.get("values")) {
                    assertThat(value.get("cka").asDouble()).isCloseTo(1.0, within(1e-9));
                }
            }
        }

        // Recompute E vs C for the first task from activations fetched straight from the extractor.
        JsonNode firstTask = taskSet.get("tasks").get(0);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            prompts.add(firstTask.get("prompts").get(i).asString());
        }
        NpyArray e = activations(E, prompts);
        NpyArray c = activations(C, prompts);
        JsonNode experimental = find(results, firstTask.get("name").asString(), "experimental");
        for (JsonNode value : experimental.get("values")) {
            int layer = value.get("layerX").asInt();
            double expected = NaiveCka.cka(layerMatrix(e, layer), layerMatrix(c, layer));
            assertThat(value.get("cka").asDouble()).as("layer %d", layer).isCloseTo(expected, within(1e-9));
            assertThat(expected).isBetween(0.0, 1.0 + 1e-12);
        }

        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*), min(n), max(n) from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, UUID.fromString(done.get("id").asString()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2 * tasks);
                assertThat(rows.getInt(2)).isEqualTo(6);
                assertThat(rows.getInt(3)).isEqualTo(6);
            }
        }

        HttpResponse<String> table = HTTP.send(HttpRequest.newBuilder(URI.create(gateway().url() + location + "/results"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(table.statusCode()).isEqualTo(200);
        assertThat(table.body()).contains("layer").contains("mean").contains(firstTask.get("name").asString());

        exportsAndPlotsOfTheFinishedExperiment(location, results, taskSet);
    }

    @Test
    void invalidDefinitionsAreRefusedWithProblemsNamingTheField() throws Exception {
        assertProblem(post("/api/v1/experiments", "{\"name\": \"x\", "), 400, "JSON");
        assertProblem(post("/api/v1/experiments", JSON.createObjectNode().put("name", "x")
                .put("experimentalModel", "no-such-model").put("controlModel", C).put("taskSet", "demo").toString()),
                400, "experimentalModel: unknown model 'no-such-model'");
        ObjectNode badLayer = JSON.createObjectNode().put("name", "x").put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo");
        badLayer.putArray("layers").add(0).add(9);
        assertProblem(post("/api/v1/experiments", badLayer.toString()), 400,
                "layers[1]: layer 9 is out of range for model");
        ObjectNode noTasks = JSON.createObjectNode().put("name", "x").put("experimentalModel", E)
                .put("controlModel", C);
        noTasks.putArray("tasks");
        assertProblem(post("/api/v1/experiments", noTasks.toString()), 400, "tasks: must hold at least one task");
        assertProblem(get("/api/v1/experiments/" + UUID.randomUUID()), 404, "");
    }

    /** The CSV export holds exactly the JSON values; the SVG plots parse and draw what the experiment holds. */
    static void exportsAndPlotsOfTheFinishedExperiment(String location, JsonNode results, JsonNode taskSet)
            throws Exception {
        HttpResponse<String> csv = get(location + "/results.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo("comparison,model_x,model_y,task,cluster,layer_x,layer_y,value,held_out,split,"
                + "p_value,ci_low,ci_high,measure");
        assertThat(rows).hasSize(1 + results.size() * 7);
        JsonNode first = results.get(0);
        JsonNode firstValue = first.get("values").get(0);
        assertThat(rows[1]).contains("," + firstValue.get("layerX").asInt() + "," + firstValue.get("layerY").asInt()
                + "," + firstValue.get("cka").asDouble() + ",");
        String etag = csv.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(gateway().url() + location
                + "/results.csv")).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<String> curves = get(location + "/plots/curves.svg");
        assertThat(curves.statusCode()).as(curves.body()).isEqualTo(200);
        org.w3c.dom.Document svg = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(curves.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long clusters = java.util.stream.StreamSupport.stream(taskSet.get("tasks").spliterator(), false)
                .map(t -> t.get("cluster").asString()).distinct().count();
        org.w3c.dom.NodeList lines = svg.getElementsByTagName("polyline");
        int series = 0;
        for (int i = 0; i < lines.getLength(); i++) {
            series += "series".equals(((org.w3c.dom.Element) lines.item(i)).getAttribute("class")) ? 1 : 0;
        }
        assertThat(series).isEqualTo((int) clusters);

        assertProblem(get(location + "/plots/heatmap.svg?task=" + first.get("task").asString()), 409,
                "layerPairs=same");

        HttpResponse<String> roles = get(location + "/results/roles");
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(200);
        assertThat(JSON.readTree(roles.body()).at("/roles/structure").asString()).isIn("three-roles", "two-roles",
                "none");
    }
}
