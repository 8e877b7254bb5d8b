package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task set defined, its examples streamed as JSON Lines, versioned, stored and run.
 */
class TaskSetUploadIT extends PlatformScenario {

    /**
     * A task set defined as JSON, its examples then uploaded as JSON Lines (streamed: sent chunked, parsed as it
     * arrives), read back version by version, stored in PostgreSQL by cka-service, and run as an experiment.
     */
    @Test
    void taskSetUploadedAsJsonLinesIsStoredVersionedAndRuns() throws Exception {
        String definition = """
                {"id": "e2e-upload", "description": "uploaded by TaskSetUploadIT", "tasks": [
                  {"name": "arithmetic", "cluster": "qa", "split": "test",
                   "templates": ["Question: {q}\\nAnswer:", "Answer this: {q}"],
                   "examples": [{"q": "What is two plus two?"}, {"q": "What is ten minus one?"}]},
                  {"name": "facts", "cluster": "qa", "heldOut": true,
                   "prompts": ["The sun is a star.", "Water boils at 100 degrees.", "Paris is in France.",
                               "A week has seven days."]}]}""";
        HttpResponse<String> created = post("/api/v1/task-sets", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            jsonl.append("{\"q\": \"What is ").append(i).append(" times ").append(i + 1).append("?\", \"answer\": ")
                    .append(i * (i + 1)).append("}\n");
        }
        byte[] body = jsonl.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(
                        URI.create(gateway().url() + "/api/v1/task-sets/e2e-upload/tasks/arithmetic/examples"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.headers().firstValue("Location")).contains("/api/v1/task-sets/e2e-upload/versions/2");

        JsonNode latest = JSON.readTree(get("/api/v1/task-sets/e2e-upload").body());
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        JsonNode examples = latest.at("/tasks/0/examples");
        assertThat(examples.size()).isEqualTo(50);
        assertThat(examples.get(7).get("q").asString()).isEqualTo("What is 7 times 8?");
        assertThat(examples.get(7).get("answer").asString()).isEqualTo("56");
        assertThat(latest.at("/tasks/0/split").asString()).isEqualTo("test");
        assertThat(JSON.readTree(get("/api/v1/task-sets/e2e-upload/versions/1").body()).at("/tasks/0/examples").size())
                .isEqualTo(2);
        assertThat(JSON.readTree(get("/api/v1/task-sets/e2e-upload/versions").body()).size()).isEqualTo(2);
        JsonNode listed = null;
        for (JsonNode summary : JSON.readTree(get("/api/v1/task-sets").body())) {
            if (summary.get("id").asString().equals("e2e-upload")) {
                listed = summary;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("heldOutTasks").get(0).asString()).isEqualTo("facts");
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from cka.task_set_version where task_set_id = 'e2e-upload'");
             ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }

        ObjectNode experiment = JSON.createObjectNode().put("name", "e2e: uploaded task set")
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "e2e-upload")
                .put("examplesPerTask", 4).put("pooling", "mean");
        HttpResponse<String> submitted = post("/api/v1/experiments", experiment.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode done = awaitFinished(submitted.headers().firstValue("Location").orElseThrow());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("tasks").size()).isEqualTo(2);
    }
}
