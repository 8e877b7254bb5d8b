package io.mossa.cka.taskset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.mossa.cka.AbstractServiceTest;
import tools.jackson.databind.JsonNode;

/** The internal task-set API over real HTTP on the embedded PostgreSQL. */
class TaskSetStoreTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    private static String freshId() {
        return "ts-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String document(String description, String... taskNames) {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskNames.length; i++) {
            tasks.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(taskNames[i])
                    .append("\", \"cluster\": \"c").append(i % 2).append("\", \"heldOut\": ").append(i == 1)
                    .append(", \"templates\": [\"Q: {q}\"], \"examples\": [{\"q\": \"1\"}, {\"q\": \"2\"}]}");
        }
        return "{\"description\": \"" + description + "\", \"tasks\": [" + tasks + "]}";
    }

    private static String request(Integer basedOn, String document) {
        return "{\"basedOn\": " + basedOn + ", \"document\": " + document + "}";
    }

    @Test
    void versionsAreNumberedFromOneAndReadBackExactly() {
        String id = freshId();
        String v1 = document("first", "a", "b");
        String v2 = document("second", "a", "b", "c");

        Response created = post("/v1/task-sets/" + id + "/versions", request(null, v1));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).isEqualTo("/v1/task-sets/" + id + "/versions/1");
        assertThat(created.body().get("version").asInt()).isEqualTo(1);
        assertThat(created.body().get("tasks").size()).isEqualTo(2);
        assertThat(get("/v1/task-sets/" + id + "/versions/1").body().get("document")).isEqualTo(JSON.readTree(v1));

        Response second = post("/v1/task-sets/" + id + "/versions", request(null, v2));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("version").asInt()).isEqualTo(2);

        // the same document again is no change: version 2 is answered, nothing is stored
        Response again = post("/v1/task-sets/" + id + "/versions", request(null, v2));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("version").asInt()).isEqualTo(2);

        assertThat(get("/v1/task-sets/" + id).body().get("document")).isEqualTo(JSON.readTree(v2));
        assertThat(get("/v1/task-sets/" + id + "/versions/1").body().get("document")).isEqualTo(JSON.readTree(v1));
        assertThat(get("/v1/task-sets/" + id + "/versions/2").body().get("version").asInt()).isEqualTo(2);

        JsonNode versions = get("/v1/task-sets/" + id + "/versions").body();
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("description").asString()).isEqualTo("first");
        assertThat(versions.get(1).get("tasks").size()).isEqualTo(3);
        JsonNode heads = versions.get(1).get("tasks");
        assertThat(heads.get(0).get("name").asString()).isEqualTo("a");
        assertThat(heads.get(1).get("cluster").asString()).isEqualTo("c1");
        assertThat(heads.get(1).get("heldOut").asBoolean()).isTrue();
        assertThat(heads.get(2).get("heldOut").asBoolean()).isFalse();

        JsonNode listed = null;
        for (JsonNode summary : get("/v1/task-sets").body()) {
            if (summary.get("id").asString().equals(id)) {
                listed = summary;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("version").asInt()).isEqualTo(2);
        assertThat(listed.get("description").asString()).isEqualTo("second");
    }

    @Test
    void unknownIdsVersionsAndBadRequestsAreProblems() {
        String id = freshId();
        assertThat(get("/v1/task-sets/" + id).status()).isEqualTo(404);
        assertThat(get("/v1/task-sets/" + id + "/versions").status()).isEqualTo(404);
        post("/v1/task-sets/" + id + "/versions", request(null, document("d", "a")));
        Response missing = get("/v1/task-sets/" + id + "/versions/2");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("detail").asString()).isEqualTo("task set '" + id + "' has no version 2");
        assertThat(get("/v1/task-sets/" + id + "/versions/latest").status()).isEqualTo(404);

        Response badId = post("/v1/task-sets/Bad%20Id/versions", request(null, document("d", "a")));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().get("errors").get(0).get("field").asString()).isEqualTo("id");
        Response notObject = post("/v1/task-sets/" + id + "/versions", "{\"document\": [1, 2]}");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(notObject.body().get("detail").asString()).isEqualTo("document: must be an object with a tasks array");
        Response badBase = post("/v1/task-sets/" + id + "/versions", request(0, document("d", "a")));
        assertThat(badBase.status()).isEqualTo(400);
    }

    @Test
    void storedVersionsCannotBeChangedOrDeleted() {
        String id = freshId();
        post("/v1/task-sets/" + id + "/versions", request(null, document("d", "a")));
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThatThrownBy(() -> jdbc.sql("UPDATE cka.task_set_version SET description = 'x'"
                        + " WHERE task_set_id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("task set versions are immutable (" + id + " version 1)");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM cka.task_set_version WHERE task_set_id = :id")
                .param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("UPDATE cka.task_set_task SET cluster = 'x' WHERE task_set_id = :id")
                .param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("stored task-set rows are immutable (task_set_task)");
        assertThatThrownBy(() -> jdbc.sql("UPDATE cka.example_row SET value = '{}' WHERE block_id IN"
                        + " (SELECT block_id FROM cka.task_set_task WHERE task_set_id = :id)")
                .param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("stored task-set rows are immutable (example_row)");
        assertThat(get("/v1/task-sets/" + id).body().get("document").get("description").asString()).isEqualTo("d");
    }

    /** Whole definitions posted at once queue on the task set's row: every one is stored, each as its own version. */
    @Test
    void concurrentCreatorsOfANewTaskSetAllGetDistinctVersions() throws Exception {
        String id = freshId();
        int creators = 8;
        List<Response> responses = race(creators, i -> post("/v1/task-sets/" + id + "/versions",
                request(null, document("creator " + i, "t" + i))));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(responses.stream().map(r -> r.body().get("version").asInt()).sorted().toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(get("/v1/task-sets/" + id + "/versions").body().size()).isEqualTo(creators);
    }

    /** Edits of the same version race: exactly one is stored, the others are told to re-apply theirs (409). */
    @Test
    void concurrentEditsOfOneVersionLetExactlyOneWin() throws Exception {
        String id = freshId();
        post("/v1/task-sets/" + id + "/versions", request(null, document("base", "a")));
        int editors = 6;
        List<Response> responses = race(editors, i -> post("/v1/task-sets/" + id + "/versions",
                request(1, document("edit " + i, "a", "b" + i))));
        assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(responses.stream().filter(r -> r.status() == 409).count()).isEqualTo(editors - 1);
        responses.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(r.body().get("detail").asString())
                .isEqualTo("task set '" + id + "' is at version 2, not 1: another change was stored first;"
                        + " apply yours to version 2"));
        assertThat(get("/v1/task-sets/" + id).body().get("version").asInt()).isEqualTo(2);
    }

    private static List<Response> race(int n, java.util.function.IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
