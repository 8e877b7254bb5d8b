package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Cancel, delete and re-run over real HTTP against the running workers. {@link FakeExtractor#hold} keeps the one
 * worker of the test context inside an extractor call, which holds one experiment RUNNING (its unit leased) and
 * every later one PENDING for as long as the test needs.
 */
class ExperimentLifecycleTest extends ExperimentTestSupport {

    private record MatrixRow(UUID id, Timestamp createdAt, String values) {
    }

    private List<MatrixRow> matrices(String experimentId) {
        return jdbc().sql("SELECT id, created_at, \"values\"::text AS v FROM cka.similarity_matrix"
                        + " WHERE experiment_id = ? ORDER BY id")
                .param(UUID.fromString(experimentId))
                .query((rs, i) -> new MatrixRow(rs.getObject("id", UUID.class), rs.getTimestamp("created_at"),
                        rs.getString("v")))
                .list();
    }

    private String unitState(String experimentId, int ordinal) {
        return jdbc().sql("SELECT state FROM cka.work_unit WHERE experiment_id = ? AND ordinal = ?")
                .param(UUID.fromString(experimentId)).param(ordinal).query(String.class).single();
    }

    private void assertConflict(Response r, String status) {
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.body().get("detail").asString()).contains(status);
        assertThat(r.body().get("experimentStatus").asString()).isEqualTo(status);
        assertThat(r.body().get("status").asInt()).isEqualTo(409);
    }

    @Test
    void cancelDuringARunKeepsWhatWasComputedAndRerunReusesIt() throws Exception {
        String slow = "m-slow-" + UUID.randomUUID();
        List<String> first = prompts("lifecycle first " + slow, 6);
        List<String> second = prompts("lifecycle second " + slow, 5);
        EXTRACTOR.hold(slow);
        String a;
        String b;
        try {
            a = submit(experiment("held", List.of(task("t1", slow, first), task("t2", "m-ctl", second))));
            // the worker is inside the control model's first activation request of t1
            for (int i = 0; i < 300 && EXTRACTOR.requests(slow) == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(EXTRACTOR.requests(slow)).isEqualTo(1);
            assertThat(awaitStatus(a, "RUNNING").get("runs").asInt()).isEqualTo(1);
            assertThat(unitState(a, 0)).isEqualTo("RUNNING");
            b = submit(experiment("queued", List.of(task("t", "m-ctl", prompts("lifecycle queued " + slow, 4)))));
            assertThat(get("/v1/experiments/" + b).body().get("status").asString()).isEqualTo("PENDING");

            // neither a queued nor a running experiment can be deleted or re-run
            assertConflict(delete("/v1/experiments/" + a), "RUNNING");
            assertConflict(delete("/v1/experiments/" + b), "PENDING");
            assertConflict(post("/v1/experiments/" + a + "/rerun", ""), "RUNNING");
            assertConflict(post("/v1/experiments/" + b + "/rerun", ""), "PENDING");

            // cancel the queued one, then the running one
            Response cancelledB = post("/v1/experiments/" + b + "/cancel", "");
            assertThat(cancelledB.status()).as(cancelledB.text()).isEqualTo(200);
            assertThat(cancelledB.body().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelledB.body().get("finishedAt").isNull()).isFalse();
            assertThat(unitState(b, 0)).isEqualTo("CANCELLED");
            assertConflict(post("/v1/experiments/" + b + "/cancel", ""), "CANCELLED");

            Response cancelledA = post("/v1/experiments/" + a + "/cancel", "");
            assertThat(cancelledA.status()).isEqualTo(200);
            assertThat(cancelledA.body().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelledA.body().get("progress").get("unitsDone").asInt()).isZero();
            assertThat(unitState(a, 0)).isEqualTo("CANCELLED");
            assertThat(unitState(a, 1)).isEqualTo("CANCELLED");
        } finally {
            EXTRACTOR.open(slow);
        }

        // the worker finishes t1 after the cancel: its matrix is stored and counted, the experiment stays CANCELLED
        awaitCount(1, "SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'DONE'",
                UUID.fromString(a));
        JsonNode afterCancel = get("/v1/experiments/" + a).body();
        assertThat(afterCancel.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(afterCancel.get("progress").get("unitsDone").asInt()).isEqualTo(1);
        assertThat(unitState(a, 1)).isEqualTo("CANCELLED");
        JsonNode results = get("/v1/experiments/" + a + "/results").body();
        assertThat(results.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(results.get("results")).hasSize(1);
        assertThat(results.get("results").get(0).get("task").asString()).isEqualTo("t1");
        // m-exp is an orthogonal transform (times 2.5) of what an unknown model id is served: CKA 1 on every layer
        for (JsonNode v : results.get("results").get(0).get("values")) {
            assertThat(v.get("cka").asDouble()).isCloseTo(1.0, within(1e-6));
        }
        List<MatrixRow> kept = matrices(a);
        assertThat(kept).hasSize(1);
        int slowRequests = EXTRACTOR.requests(slow);

        // a re-run computes t2 only; t1's matrix is the same row as before
        Response rerun = post("/v1/experiments/" + a + "/rerun", "");
        assertThat(rerun.status()).as(rerun.text()).isEqualTo(200);
        assertThat(rerun.body().get("status").asString()).isIn("PENDING", "RUNNING");
        assertThat(rerun.body().get("runs").asInt()).isEqualTo(2);
        assertThat(rerun.body().get("finishedAt").isNull()).isTrue();
        JsonNode done = awaitStatus(a, "SUCCEEDED", "FAILED");
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("progress").get("unitsDone").asInt()).isEqualTo(2);
        List<MatrixRow> after = matrices(a);
        assertThat(after).hasSize(2).containsAll(kept);
        assertThat(EXTRACTOR.requests(slow)).as("t1 was not computed again").isEqualTo(slowRequests);
        assertConflict(post("/v1/experiments/" + a + "/rerun", ""), "SUCCEEDED");
        assertConflict(post("/v1/experiments/" + a + "/cancel", ""), "SUCCEEDED");

        // the cancelled queued experiment runs in full when re-run
        Response rerunB = post("/v1/experiments/" + b + "/rerun", "");
        assertThat(rerunB.status()).isEqualTo(200);
        assertThat(awaitStatus(b, "SUCCEEDED", "FAILED").get("status").asString()).isEqualTo("SUCCEEDED");

        // delete cascades to tasks, units and matrices
        UUID uuid = UUID.fromString(a);
        Response deleted = delete("/v1/experiments/" + a);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(get("/v1/experiments/" + a).status()).isEqualTo(404);
        assertThat(get("/v1/experiments/" + a + "/results").status()).isEqualTo(404);
        for (String table : List.of("experiment_task", "work_unit", "similarity_matrix")) {
            assertThat(count("SELECT count(*) FROM cka." + table + " WHERE experiment_id = ?", uuid)).as(table)
                    .isZero();
        }
        assertThat(delete("/v1/experiments/" + a).status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM cka.experiment WHERE id = ?", UUID.fromString(b))).isEqualTo(1);
    }

    /** Submits a one-task experiment whose control model is held, and waits until the worker is inside it. */
    private String heldExperiment(String slow, String name) throws InterruptedException {
        EXTRACTOR.hold(slow);
        String id = submit(experiment(name, List.of(task("t", slow, prompts(name + " " + slow, 6)))));
        for (int i = 0; i < 300 && EXTRACTOR.requests(slow) == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(EXTRACTOR.requests(slow)).isEqualTo(1);
        return id;
    }

    @Test
    void aRerunWhileTheCancelledUnitStillRunsLetsItsWorkerFinishIt() throws Exception {
        String slow = "m-slow-" + UUID.randomUUID();
        String id;
        try {
            id = heldExperiment(slow, "rerun while running");
            assertThat(post("/v1/experiments/" + id + "/cancel", "").status()).isEqualTo(200);
            Response rerun = post("/v1/experiments/" + id + "/rerun", "");
            assertThat(rerun.status()).isEqualTo(200);
            assertThat(rerun.body().get("status").asString()).isEqualTo("PENDING");
            // the unit is back under the lease of the worker that is still computing it
            assertThat(unitState(id, 0)).isEqualTo("RUNNING");
            assertThat(count("SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND leased_by IS NOT NULL",
                    UUID.fromString(id))).isEqualTo(1);
        } finally {
            EXTRACTOR.open(slow);
        }
        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("runs").asInt()).isEqualTo(2);
        assertThat(done.get("progress").get("unitsDone").asInt()).isEqualTo(1);
        // computed once: 6 prompts in chunks of 4 are two requests
        assertThat(EXTRACTOR.requests(slow)).isEqualTo(2);
        assertThat(matrices(id)).hasSize(1);
    }

    @Test
    void aCancelledExperimentWhoseLastUnitFinishedSucceedsOnRerun() throws Exception {
        String slow = "m-slow-" + UUID.randomUUID();
        String id;
        try {
            id = heldExperiment(slow, "finished after cancel");
            assertThat(post("/v1/experiments/" + id + "/cancel", "").status()).isEqualTo(200);
        } finally {
            EXTRACTOR.open(slow);
        }
        awaitCount(1, "SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'DONE'",
                UUID.fromString(id));
        JsonNode cancelled = get("/v1/experiments/" + id).body();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("progress").get("unitsDone").asInt()).isEqualTo(1);
        // nothing is left to run: the re-run finishes at once instead of waiting for work that never comes
        Response rerun = post("/v1/experiments/" + id + "/rerun", "");
        assertThat(rerun.status()).isEqualTo(200);
        assertThat(rerun.body().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(rerun.body().get("finishedAt").isNull()).isFalse();
        assertThat(rerun.body().get("runs").asInt()).isEqualTo(2);
        assertThat(get("/v1/experiments/" + id + "/results").body().get("results")).hasSize(1);
    }

    @Test
    void aFailedExperimentRunsAgainKeepingItsFinishedTasks() throws Exception {
        String bad = "m-bad-" + UUID.randomUUID();
        String id = submit(experiment("fails", List.of(task("ok", "m-ctl", prompts("rerun failed ok", 5)),
                task("bad", bad, prompts("rerun failed bad", 5)))));
        JsonNode failed = awaitStatus(id, "FAILED", "SUCCEEDED");
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asString()).contains(bad);
        List<MatrixRow> kept = matrices(id);
        assertThat(kept).hasSize(1);
        int badRequests = EXTRACTOR.requests(bad);

        Response rerun = post("/v1/experiments/" + id + "/rerun", "");
        assertThat(rerun.status()).isEqualTo(200);
        assertThat(rerun.body().get("failure").isNull()).isTrue();
        assertThat(rerun.body().get("runs").asInt()).isEqualTo(2);
        JsonNode again = awaitStatus(id, "FAILED", "SUCCEEDED");
        // the model is still refused: the same task fails again, the finished one is untouched
        assertThat(again.get("status").asString()).isEqualTo("FAILED");
        assertThat(again.get("progress").get("unitsDone").asInt()).isEqualTo(1);
        assertThat(EXTRACTOR.requests(bad)).isEqualTo(badRequests + 1);
        assertThat(matrices(id)).containsExactlyElementsOf(kept);
        assertThat(post("/v1/experiments/" + id + "/rerun", "").body().get("runs").asInt()).isEqualTo(3);
        awaitStatus(id, "FAILED", "SUCCEEDED");
    }

    @Test
    void lifecycleOperationsOnUnknownExperimentsAreNotFound() {
        String unknown = "/v1/experiments/" + UUID.randomUUID();
        for (Response r : List.of(post(unknown + "/cancel", ""), post(unknown + "/rerun", ""), delete(unknown),
                delete("/v1/experiments/not-a-uuid"))) {
            assertThat(r.status()).as(r.text()).isEqualTo(404);
            assertThat(r.contentType()).contains("application/problem+json");
        }
    }

    @Test
    void validationNamesTheField() {
        List<Map<String, Object>> tasks = List.of(task("t", "m-ctl", prompts("validation", 10)));
        assertBadRequest(with(experiment("x", tasks), "bootstrap", 10), "bootstrap");
        assertBadRequest(with(with(experiment("x", List.of(task("t", "m-ctl", prompts("v", 3)))), "estimator",
                "debiased"), "seed", 1), "tasks[0].prompts");
        // too few examples for intervals: the task's prompts are at fault, as the gateway says (the contract's rule)
        assertBadRequest(with(with(experiment("x", List.of(task("t", "m-ctl", prompts("v", 6)))), "estimator",
                "debiased"), "bootstrap", 10), "tasks[0].prompts");
        assertBadRequest(with(experiment("x", tasks), "kernel", "cosine"), "kernel");
        assertBadRequest(with(experiment("x", tasks), "estimator", "unbiased"), "estimator");
        assertBadRequest(with(experiment("x", tasks), "permutations", 10_001), "permutations");
        assertBadRequest(with(experiment("x", tasks), "permutations", -1), "permutations");
        assertBadRequest(with(experiment("x", tasks), "confidence", 1.5), "confidence");
        assertBadRequest(with(experiment("x", tasks), "rbfThreshold", 0.5), "rbfThreshold");
        assertBadRequest(with(with(experiment("x", tasks), "kernel", "rbf"), "rbfThreshold", -1), "rbfThreshold");
        assertBadRequest(with(with(experiment("x", tasks), "kernel", "polynomial"), "degree", 0), "degree");
        assertBadRequest(with(experiment("x", tasks), "coef0", 2.0), "coef0");
        assertBadRequest(with(experiment("x", tasks), "systemPrompt", "Be brief."), "systemPrompt");
        assertBadRequest(with(experiment("x", tasks), "visibility", "secret"), "visibility");
        assertBadRequest(with(experiment("x", tasks), "idempotencyKey", "k".repeat(201)), "idempotencyKey");
        assertBadRequest(with(experiment("x", tasks), "definition", List.of(1, 2)), "definition");
        assertBadRequest(with(experiment("x", tasks), "taskSetVersion", 0), "taskSetVersion");
        Map<String, Object> emptySplit = task("t", "m-ctl", prompts("v", 4));
        emptySplit.put("split", "");
        assertBadRequest(experiment("x", List.of(emptySplit)), "tasks[0].split");
        // statistics over the engine's work limit (2e11 multiply-adds): 10000 x (1 + 2) x 3000^2 = 2.7e11
        Map<String, Object> big = with(experiment("x", List.of(task("t", "m-ctl", prompts("big", 3000)))),
                "permutations", 10_000);
        big.put("layers", List.of(0));
        assertBadRequest(big, "permutations");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }
}
