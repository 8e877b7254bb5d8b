package io.mossa.cka.taskset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.mossa.cka.AbstractServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * Uploads of rows into stored task sets over real HTTP on the embedded PostgreSQL: a version stores what changed
 * and shares the rest with its parent, equal rows are stored once, a cut-off upload stores nothing.
 */
class TaskSetUploadTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    private static final String BASE = """
            {"basedOn": null, "document": {"description": "three tasks", "tasks": [
              {"name": "a", "cluster": "c0", "heldOut": false, "templates": ["Q: {q}"],
               "examples": [{"q": "1"}, {"q": "2"}]},
              {"name": "b", "cluster": "c0", "heldOut": true, "templates": ["{q}?", "{q}!"],
               "examples": [{"q": "x"}, {"q": "y"}]},
              {"name": "c", "cluster": "c1", "heldOut": false, "prompts": ["p", "q"]}]}}""";

    private static String freshId() {
        return "up-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response upload(String id, int basedOn, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/task-sets/" + id
                        + "/uploads?basedOn=" + basedOn))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Rows of task a: compact JSON objects, as the gateway sends them and this service stores them. */
    private static List<String> rowsOfA(int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add("{\"q\":\"question " + i + " with \\\"quotes\\\", a back\\\\slash and ü\"}");
        }
        return rows;
    }

    private static String body(List<String> rowsOfA, List<String> promptsOfC, boolean end) {
        StringBuilder body = new StringBuilder();
        // interleaved, as rows of a CSV sorted by something else than the task would arrive
        int i = 0;
        int j = 0;
        while (i < rowsOfA.size() || j < promptsOfC.size()) {
            if (i < rowsOfA.size()) {
                body.append("{\"task\":\"a\",\"row\":").append(rowsOfA.get(i++)).append("}\n");
            }
            if (j < promptsOfC.size()) {
                body.append("{\"task\":\"c\",\"row\":").append(promptsOfC.get(j++)).append("}\n");
            }
        }
        if (end) {
            body.append("{\"end\":{\"rows\":").append(rowsOfA.size() + promptsOfC.size()).append("}}\n");
        }
        return body.toString();
    }

    private long count(String sql, String id) {
        return JdbcClient.create(dataSource).sql(sql).param("id", id).query(Long.class).single();
    }

    private long blockOf(String id, int version, String task) {
        return JdbcClient.create(dataSource).sql("SELECT block_id FROM cka.task_set_task"
                        + " WHERE task_set_id = :id AND version = :v AND name = :t")
                .param("id", id).param("v", version).param("t", task).query(Long.class).single();
    }

    @Test
    void anUploadStoresOnlyTheTasksItNamesAndSharesTheRest() {
        String id = freshId();
        assertThat(post("/v1/task-sets/" + id + "/versions", BASE).status()).isEqualTo(201);
        List<String> rows = rowsOfA(1500);
        List<String> prompts = List.of("\"first prompt\"", "\"second\"", "\"third\"");

        Response uploaded = upload(id, 1, body(rows, prompts, true));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        assertThat(uploaded.location()).isEqualTo("/v1/task-sets/" + id + "/versions/2");
        JsonNode result = uploaded.body();
        assertThat(result.get("version").asInt()).isEqualTo(2);
        assertThat(result.get("rows").asLong()).isEqualTo(1503);
        long bytesOfA = rows.stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
        long bytesOfC = prompts.stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(result.get("tasks").get(0).get("name").asString()).isEqualTo("a");
        assertThat(result.get("tasks").get(0).get("rows").asInt()).isEqualTo(1500);
        assertThat(result.get("tasks").get(0).get("bytes").asLong()).isEqualTo(bytesOfA);
        assertThat(result.get("tasks").get(1).get("bytes").asLong()).isEqualTo(bytesOfC);
        assertThat(result.get("bytes").asLong()).isEqualTo(bytesOfA + bytesOfC);

        // task b was not named: version 2 refers to version 1's block; a and c got new ones
        assertThat(blockOf(id, 2, "b")).isEqualTo(blockOf(id, 1, "b"));
        assertThat(blockOf(id, 2, "a")).isNotEqualTo(blockOf(id, 1, "a"));
        String rowsOfSet = "SELECT count(DISTINCT (r.block_id, r.ordinal)) FROM cka.example_row r"
                + " WHERE r.block_id IN (SELECT block_id FROM cka.task_set_task WHERE task_set_id = :id)";
        assertThat(count(rowsOfSet, id)).isEqualTo(6 + 1503);

        // read back: the whole version, and pages of one task, exactly as uploaded
        JsonNode document = get("/v1/task-sets/" + id).body().get("document");
        assertThat(document.at("/tasks/0/examples").size()).isEqualTo(1500);
        assertThat(document.at("/tasks/0/examples/7")).isEqualTo(JSON.readTree(rows.get(7)));
        assertThat(document.at("/tasks/1/examples/1/q").asString()).isEqualTo("y");
        assertThat(document.at("/tasks/2/prompts/2").asString()).isEqualTo("third");
        Response page = get("/v1/task-sets/" + id + "/versions/2/tasks/a/rows?offset=1495&limit=10");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text().split("\n")).containsExactlyElementsOf(rows.subList(1495, 1500));
        assertThat(get("/v1/task-sets/" + id + "/versions/1/tasks/a/rows").text())
                .isEqualTo("{\"q\":\"1\"}\n{\"q\":\"2\"}\n");
        JsonNode heads = get("/v1/task-sets/" + id + "/heads").body();
        assertThat(heads.at("/tasks/0/rows").asInt()).isEqualTo(1500);
        assertThat(heads.at("/tasks/0/bytes").asLong()).isEqualTo(bytesOfA);
        assertThat(heads.at("/tasks/1/templates/1").asString()).isEqualTo("{q}!");
        assertThat(heads.at("/tasks/2/templates").isMissingNode()).isTrue();

        // the same rows again are no change: no version, no block
        long blocks = count("SELECT count(*) FROM cka.example_block WHERE :id IS NOT NULL", id);
        Response again = upload(id, 2, body(rows, prompts, true));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("version").asInt()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM cka.example_block WHERE :id IS NOT NULL", id)).isEqualTo(blocks);

        // a whole definition re-posted with one task changed stores that task's rows only
        String edited = BASE.replace("{\"q\": \"x\"}", "{\"q\": \"z\"}");
        assertThat(post("/v1/task-sets/" + id + "/versions", edited).body().get("version").asInt()).isEqualTo(3);
        assertThat(blockOf(id, 3, "a")).isEqualTo(blockOf(id, 1, "a"));
        assertThat(blockOf(id, 3, "c")).isEqualTo(blockOf(id, 1, "c"));
        assertThat(blockOf(id, 3, "b")).isNotEqualTo(blockOf(id, 1, "b"));
    }

    @Test
    void aCutOffOrInvalidUploadStoresNothing() {
        String id = freshId();
        post("/v1/task-sets/" + id + "/versions", BASE);
        long blocks = count("SELECT count(*) FROM cka.example_block WHERE :id IS NOT NULL", id);

        Response cut = upload(id, 1, body(rowsOfA(50), List.of(), false));
        assertThat(cut.status()).isEqualTo(400);
        assertThat(cut.body().get("detail").asString())
                .isEqualTo("body: the upload ended without its end line after 50 rows; nothing was stored");
        Response miscounted = upload(id, 1, body(rowsOfA(3), List.of(), false) + "{\"end\":{\"rows\":4}}\n");
        assertThat(miscounted.body().get("detail").asString())
                .isEqualTo("body: the end line declares 4 rows; 3 arrived");
        Response unknownTask = upload(id, 1, "{\"task\":\"zz\",\"row\":{\"q\":\"1\"}}\n{\"end\":{\"rows\":1}}\n");
        assertThat(unknownTask.status()).isEqualTo(400);
        assertThat(unknownTask.body().get("detail").asString())
                .isEqualTo("body: row 0: task set '" + id + "' version 1 has no task 'zz'");
        Response wrongKind = upload(id, 1, "{\"task\":\"c\",\"row\":{\"q\":\"1\"}}\n{\"end\":{\"rows\":1}}\n");
        assertThat(wrongKind.body().get("detail").asString())
                .isEqualTo("body: row 0: task 'c' takes ready prompts (JSON strings)");
        assertThat(upload("no-such-set", 1, "{\"end\":{\"rows\":0}}\n").status()).isEqualTo(404);

        assertThat(count("SELECT count(*) FROM cka.task_set_version WHERE task_set_id = :id", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM cka.example_block WHERE :id IS NOT NULL", id)).isEqualTo(blocks);
    }

    /** Checked against version 1 while version 2 (other templates elsewhere) was stored: applied to version 2. */
    @Test
    void anUploadBasedOnAnOlderVersionIsAppliedToTheLatestUnlessItsTemplatesChanged() {
        String id = freshId();
        post("/v1/task-sets/" + id + "/versions", BASE);
        post("/v1/task-sets/" + id + "/versions", BASE.replace("three tasks", "renamed"));
        Response rebased = upload(id, 1, body(rowsOfA(4), List.of(), true));
        assertThat(rebased.status()).as(rebased.text()).isEqualTo(201);
        assertThat(rebased.body().get("version").asInt()).isEqualTo(3);
        assertThat(get("/v1/task-sets/" + id).body().at("/document/description").asString()).isEqualTo("renamed");

        post("/v1/task-sets/" + id + "/versions", BASE.replace("Q: {q}", "Question: {q}"));
        Response stale = upload(id, 3, body(rowsOfA(4), List.of(), true));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("detail").asString()).isEqualTo("task set '" + id + "' is at version 4, not 3, "
                + "and the templates of task 'a' changed meanwhile; upload again");
    }
}
