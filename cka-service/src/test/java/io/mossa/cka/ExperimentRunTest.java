package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The API and the runner end to end over real HTTP: POST an experiment, the worker fetches activations from
 * {@link FakeExtractor} in chunks, computes CKA and stores it; results are checked against a naive CKA
 * (explicit centering matrix) computed here from the fake's own numbers.
 */
class ExperimentRunTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    // ---------------------------------------------------------------- helpers

    private static List<String> prompts(String prefix, int n) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(prefix + " prompt number " + i);
        }
        return prompts;
    }

    private static Map<String, Object> task(String name, String cluster, String control, List<String> prompts) {
        return Map.of("name", name, "cluster", cluster, "controlModel", control, "prompts", prompts);
    }

    private String body(String name, String baseline, List<Integer> layers, String pairs, String pooling,
            List<Map<String, Object>> tasks) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("experimentalModel", "m-exp");
        body.put("baselineModel", baseline);
        body.put("layers", layers);
        body.put("layerPairs", pairs);
        body.put("pooling", pooling);
        body.put("tasks", tasks);
        return JSON.writeValueAsString(body);
    }

    private JsonNode awaitFinished(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Response r = get("/v1/experiments/" + id);
            assertThat(r.status()).isEqualTo(200);
            String status = r.body().get("status").asString();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return r.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("experiment " + id + " did not finish within 60 s");
    }

    /** Naive biased linear CKA of the fake's activations: tr(KHLH) / sqrt(tr(KHKH) tr(LHLH)), explicit H. */
    private static double expectedCka(String modelX, int layerX, String modelY, int layerY, List<String> prompts) {
        int n = prompts.size();
        double[][] k = new double[n][n];
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            float[] xi = FakeExtractor.activation(modelX, prompts.get(i), layerX);
            float[] yi = FakeExtractor.activation(modelY, prompts.get(i), layerY);
            for (int j = 0; j < n; j++) {
                float[] xj = FakeExtractor.activation(modelX, prompts.get(j), layerX);
                float[] yj = FakeExtractor.activation(modelY, prompts.get(j), layerY);
                for (int c = 0; c < xi.length; c++) {
                    k[i][j] += (double) xi[c] * xj[c];
                }
                for (int c = 0; c < yi.length; c++) {
                    l[i][j] += (double) yi[c] * yj[c];
                }
            }
        }
        return hsic(k, l) / Math.sqrt(hsic(k, k) * hsic(l, l));
    }

    private static double hsic(double[][] k, double[][] l) {
        int n = k.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 1.0 / n;
            }
        }
        double[][] m = mul(mul(mul(k, h), l), h);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += m[i][i];
        }
        return trace / ((n - 1.0) * (n - 1.0));
    }

    private static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][t] * b[t][j];
                }
            }
        }
        return c;
    }

    private void assertValues(JsonNode result, String modelX, String modelY, List<int[]> pairs, List<String> prompts) {
        JsonNode values = result.get("values");
        assertThat(values.size()).isEqualTo(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode v = values.get(i);
            assertThat(v.get("layerX").asInt()).isEqualTo(pairs.get(i)[0]);
            assertThat(v.get("layerY").asInt()).isEqualTo(pairs.get(i)[1]);
            double expected = expectedCka(modelX, pairs.get(i)[0], modelY, pairs.get(i)[1], prompts);
            assertThat(v.get("cka").asDouble()).as("CKA %s layer %d vs %s layer %d", modelX, pairs.get(i)[0], modelY,
                    pairs.get(i)[1]).isCloseTo(expected, within(1e-9));
        }
    }

    private int rows(String sql, Object id) {
        return JdbcClient.create(dataSource).sql(sql).param(id).query(Integer.class).single();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void anExperimentOverAStoredTaskSetReadsItsChosenExamplesFromTheStoreAndCopiesNone() throws Exception {
        // a version with a templated task (12 examples, two templates in turn) and a task of 9 ready prompts
        String setId = "refers-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, String>> examples = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            examples.add(Map.of("q", "what is " + i, "a", "answer " + i));
            // rendered by hand: example i takes template i mod 2
            rendered.add(i % 2 == 0 ? "Q: what is " + i + "\nA: answer " + i : "Question (what is " + i + ") {answer " + i + "}");
        }
        List<String> ready = prompts("ready", 9);
        Map<String, Object> document = Map.of("tasks", List.of(
                Map.of("name", "qa", "cluster", "qa", "templates", List.of("Q: {q}\nA: {a}", "Question ({q}) {{{a}}}"),
                        "examples", examples),
                Map.of("name", "plain", "cluster", "other", "heldOut", true, "prompts", ready)));
        Response stored = post("/v1/task-sets/" + setId + "/versions",
                JSON.writeValueAsString(Map.of("document", document)));
        assertThat(stored.status()).as(stored.text()).isEqualTo(201);

        Map<String, Object> plan = new java.util.LinkedHashMap<>();
        plan.put("name", "over a stored task set");
        plan.put("experimentalModel", "m-exp");
        plan.put("layers", List.of(0, 2));
        plan.put("tasks", List.of(Map.of("name", "qa", "cluster", "qa", "controlModel", "m-ctl"),
                Map.of("name", "plain", "cluster", "other", "controlModel", "m-ctl", "heldOut", true)));
        plan.put("taskSetId", setId);
        plan.put("taskSetVersion", 1);
        plan.put("examplesPerTask", 5);
        plan.put("sampling", Map.of("method", "random", "seed", 3));
        Response created = post("/v1/experiments", JSON.writeValueAsString(plan));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.body().get("tasks").get(0).get("n").asInt()).isEqualTo(5);
        assertThat(created.body().get("examplesPerTask").asInt()).isEqualTo(5);
        assertThat(created.body().get("sampling").get("method").asString()).isEqualTo("random");
        assertThat(created.body().has("definition")).as("a view never embeds the definition").isFalse();

        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        // the sample the gateway's planner took when it sent prompts (ExampleSampler on the task's prompts, tested
        // on its own in ExperimentPlannerTest), of the prompts rendered by hand above
        io.mossa.contract.experiment.Sampling sampling = io.mossa.contract.experiment.Sampling.random(3);
        List<String> qa = io.mossa.contract.experiment.ExampleSampler.choose(rendered, 5, sampling);
        List<String> plain = io.mossa.contract.experiment.ExampleSampler.choose(ready, 5, sampling);
        JsonNode results = get("/v1/experiments/" + id + "/results").body().get("results");
        assertThat(results.size()).isEqualTo(2);
        List<int[]> same = List.of(new int[] {0, 0}, new int[] {2, 2});
        assertThat(results.get(0).get("n").asInt()).isEqualTo(5);
        assertValues(results.get(0), "m-exp", "m-ctl", same, qa);
        assertValues(results.get(1), "m-exp", "m-ctl", same, plain);
        assertThat(results.get(1).get("heldOut").asBoolean()).isTrue();

        UUID uuid = UUID.fromString(id);
        assertThat(rows("SELECT count(*) FROM cka.experiment_task WHERE experiment_id = ? AND prompts IS NULL"
                + " AND n = 5", uuid)).as("no prompts copied into the experiment's tasks").isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM cka.experiment WHERE id = ? AND definition::text LIKE '%answer%'",
                uuid)).as("nor into its definition").isZero();

        // the first n: stored without a seed, and run on the first 5 examples
        plan.put("sampling", Map.of("method", "first"));
        Response first = post("/v1/experiments", JSON.writeValueAsString(plan));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.body().get("sampling").get("method").asString()).isEqualTo("first");
        JsonNode firstDone = awaitFinished(first.body().get("id").asString());
        assertThat(firstDone.get("status").asString()).as(firstDone.toString()).isEqualTo("SUCCEEDED");
        JsonNode firstResults = get("/v1/experiments/" + first.body().get("id").asString() + "/results").body()
                .get("results");
        assertValues(firstResults.get(0), "m-exp", "m-ctl", same, rendered.subList(0, 5));
        assertValues(firstResults.get(1), "m-exp", "m-ctl", same, ready.subList(0, 5));

        // the reference is checked against the store, with the gateway's messages
        plan.put("examplesPerTask", 10);
        assertRefused(plan, "examplesPerTask", "10 is more than the 9 examples of task 'plain'");
        plan.put("examplesPerTask", 5);
        plan.put("taskSetVersion", 4);
        assertRefused(plan, "taskSetVersion", "task set '" + setId + "' has no version 4; its latest is 1");
        plan.put("taskSetVersion", 1);
        plan.put("tasks", List.of(Map.of("name", "nope", "cluster", "qa", "controlModel", "m-ctl")));
        assertRefused(plan, "taskSet", "task set '" + setId + "' version 1 has no task 'nope'");
        plan.put("taskSetId", null);
        assertRefused(plan, "taskSetId", "must name the task set whose examples the tasks refer to");
    }

    private void assertRefused(Map<String, Object> plan, String field, String message) {
        Response refused = post("/v1/experiments", JSON.writeValueAsString(plan));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        List<Map<String, String>> errors = new ArrayList<>();
        refused.body().get("errors").forEach(e -> errors.add(Map.of("field", e.get("field").asString(),
                "message", e.get("message").asString())));
        assertThat(errors).as(refused.text()).contains(Map.of("field", field, "message", message));
    }

    @Test
    void experimentRunsToSuccessWithExpectedCkaValues() throws Exception {
        List<String> sentiment = prompts("sentiment", 10);
        List<String> nli = prompts("nli", 7);
        int callsBefore = EXTRACTOR.calls.size();
        Response created = post("/v1/experiments", body("same-pairs", "m-base", List.of(0, 2, 3), "same", "mean",
                List.of(task("sentiment-reviews", "sentiment", "m-ctl", sentiment),
                        task("nli-pairs", "nli", "m-ctl", nli))));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.location()).isEqualTo("/v1/experiments/" + id);
        assertThat(created.body().get("status").asString()).isIn("PENDING", "RUNNING");
        assertThat(created.body().get("tasks").get(0).get("n").asInt()).isEqualTo(10);
        assertThat(created.body().get("progress").get("unitsTotal").asInt()).isEqualTo(2);
        assertThat(created.body().get("failure").isNull()).isTrue();

        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("progress").get("unitsDone").asInt()).isEqualTo(2);
        assertThat(done.get("startedAt").isNull()).isFalse();
        assertThat(done.get("finishedAt").isNull()).isFalse();
        assertThat(done.get("layerPairs").asString()).isEqualTo("same");
        assertThat(done.get("pooling").asString()).isEqualTo("mean");

        Response results = get("/v1/experiments/" + id + "/results");
        assertThat(results.status()).isEqualTo(200);
        assertThat(results.body().get("experimentId").asString()).isEqualTo(id);
        assertThat(results.body().get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode list = results.body().get("results");
        assertThat(list.size()).isEqualTo(4);
        String[][] order = {{"sentiment-reviews", "experimental", "m-exp"}, {"sentiment-reviews", "baseline", "m-base"},
                {"nli-pairs", "experimental", "m-exp"}, {"nli-pairs", "baseline", "m-base"}};
        List<int[]> same = List.of(new int[] {0, 0}, new int[] {2, 2}, new int[] {3, 3});
        for (int i = 0; i < 4; i++) {
            JsonNode r = list.get(i);
            assertThat(r.get("task").asString()).isEqualTo(order[i][0]);
            assertThat(r.get("comparison").asString()).isEqualTo(order[i][1]);
            assertThat(r.get("modelX").asString()).isEqualTo(order[i][2]);
            assertThat(r.get("modelY").asString()).isEqualTo("m-ctl");
            assertThat(r.get("kernel").asString()).isEqualTo("linear");
            assertThat(r.get("estimator").asString()).isEqualTo("biased");
            assertThat(r.get("layerPairs").asString()).isEqualTo("same");
            List<String> prompts = i < 2 ? sentiment : nli;
            assertThat(r.get("n").asInt()).isEqualTo(prompts.size());
            assertThat(r.get("cluster").asString()).isEqualTo(i < 2 ? "sentiment" : "nli");
            assertValues(r, order[i][2], "m-ctl", same, prompts);
        }
        // the experimental model is an orthogonal transform of the control: CKA 1 on every layer
        for (JsonNode v : list.get(0).get("values")) {
            assertThat(v.get("cka").asDouble()).isCloseTo(1.0, within(1e-6));
        }
        // the baseline shares part of the structure only
        assertThat(list.get(1).get("values").get(0).get("cka").asDouble()).isBetween(0.05, 0.95);

        UUID uuid = UUID.fromString(id);
        assertThat(rows("SELECT count(*) FROM cka.similarity_matrix WHERE experiment_id = ?", uuid)).isEqualTo(4);
        assertThat(rows("SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'DONE'", uuid))
                .isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM cka.experiment WHERE id = ? AND jsonb_typeof(definition) = 'object'"
                + " AND definition->>'experimentalModel' = 'm-exp' AND definition->'tasks'->0->>'name' = 'sentiment-reviews'",
                uuid)).isEqualTo(1);

        // chunks of at most extract-batch (4) inputs, layers in requested order, pooling passed on
        List<FakeExtractor.Call> calls = EXTRACTOR.calls.subList(callsBefore, EXTRACTOR.calls.size());
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.inputs()).isBetween(1, 4);
            assertThat(call.layers()).containsExactly(0, 2, 3);
            assertThat(call.pooling()).isEqualTo("mean");
        });
        // 10 prompts -> 3 chunks, 7 prompts -> 2 chunks; per task 3 models
        assertThat(calls).hasSize(3 * 3 + 2 * 3);
    }

    @Test
    void allPairsAreRowMajorOverRequestedLayerOrder() throws Exception {
        List<String> prompts = prompts("paraphrase", 6);
        Response created = post("/v1/experiments", body("all-pairs", null, List.of(1, 0), "all", "last",
                List.of(task("paws", "paraphrase", "m-ctl", prompts))));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(awaitFinished(id).get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode list = get("/v1/experiments/" + id + "/results").body().get("results");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("layerPairs").asString()).isEqualTo("all");
        assertValues(list.get(0), "m-exp", "m-ctl",
                List.of(new int[] {1, 1}, new int[] {1, 0}, new int[] {0, 1}, new int[] {0, 0}), prompts);
    }

    @Test
    void clientErrorFromExtractorFailsTheExperimentAndKeepsEarlierResults() throws Exception {
        List<String> first = prompts("ok", 5);
        Response created = post("/v1/experiments", body("fails", null, List.of(0, 1), "same", "last",
                List.of(task("task-ok", "misc", "m-ctl", first),
                        task("task-bad", "misc", "m-bad", prompts("bad", 5)),
                        task("task-never", "misc", "m-ctl", prompts("never", 5)))));
        String id = created.body().get("id").asString();
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        String failure = done.get("failure").asString();
        assertThat(failure).contains("task-bad").contains("m-bad").contains("400").contains("model 'm-bad' is not loaded");
        assertThat(done.get("progress").get("unitsDone").asInt()).isEqualTo(1);
        assertThat(done.get("finishedAt").isNull()).isFalse();

        Response results = get("/v1/experiments/" + id + "/results");
        assertThat(results.body().get("status").asString()).isEqualTo("FAILED");
        JsonNode list = results.body().get("results");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("task").asString()).isEqualTo("task-ok");
        assertValues(list.get(0), "m-exp", "m-ctl", List.of(new int[] {0, 0}, new int[] {1, 1}), first);

        UUID uuid = UUID.fromString(id);
        assertThat(rows("SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'FAILED'", uuid))
                .isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'PENDING'", uuid))
                .isEqualTo(1);
        assertThat(EXTRACTOR.requests("m-bad")).isEqualTo(1); // a 4xx is not retried
    }

    @Test
    void persistentServerErrorsFailAfterRetries() throws Exception {
        Response created = post("/v1/experiments", body("down", null, List.of(0), "same", "last",
                List.of(task("task-down", "misc", "m-down", prompts("down", 3)))));
        String id = created.body().get("id").asString();
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("task-down").contains("m-down").contains("GPU fell over")
                .contains("gave up after 3 attempts");
        assertThat(EXTRACTOR.requests("m-down")).isEqualTo(3);
    }

    @Test
    void retryAfterIsHonouredAndTheExperimentSucceeds() throws Exception {
        List<String> prompts = prompts("busy", 4);
        Response created = post("/v1/experiments", body("busy", "m-busy", List.of(2), "same", "last",
                List.of(task("task-busy", "misc", "m-ctl", prompts))));
        String id = created.body().get("id").asString();
        assertThat(awaitFinished(id).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(EXTRACTOR.requests("m-busy")).isEqualTo(2);
        JsonNode list = get("/v1/experiments/" + id + "/results").body().get("results");
        assertValues(list.get(1), "m-busy", "m-ctl", List.of(new int[] {2, 2}), prompts);
    }

    @Test
    void invalidDefinitionsAreRejectedNamingTheField() {
        List<Map<String, Object>> good = List.of(task("t", "c", "m-ctl", List.of("a", "b")));
        assertBadRequest(body("x", null, List.of(0), "same", "last",
                List.of(task("t", "c", "m-ctl", List.of("only one")))), "tasks[0].prompts");
        assertBadRequest(body("x", null, List.of(0), "same", "last",
                List.of(task("t", "c", "m-ctl", List.of("a", "b")), task("t", "c", "m-ctl", List.of("a", "b")))),
                "tasks[1].name");
        assertBadRequest(body("x", null, List.of(0, 0), "same", "last", good), "layers[1]");
        assertBadRequest(body("x", null, List.of(-1), "same", "last", good), "layers[0]");
        assertBadRequest(body("x", null, List.of(), "same", "last", good), "layers");
        assertBadRequest(body("x", null, List.of(0), "diagonal", "last", good), "layerPairs");
        assertBadRequest(body("x", null, List.of(0), "same", "max", good), "pooling");
        assertBadRequest(body(" ", null, List.of(0), "same", "last", good), "name");
        assertBadRequest(body("x", " ", List.of(0), "same", "last", good), "baselineModel");
        assertBadRequest(body("x", null, List.of(0), "same", "last", List.of()), "tasks");
        assertBadRequest(body("x", null, List.of(0), "same", "last",
                List.of(task("t", "", "m-ctl", List.of("a", "b")))), "tasks[0].cluster");
        Response malformed = post("/v1/experiments", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).contains("application/problem+json");
    }

    private void assertBadRequest(String body, String field) {
        Response r = post("/v1/experiments", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.body().get("detail").asString()).as(r.text()).contains(field);
        List<String> fields = new ArrayList<>();
        r.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(r.text()).anySatisfy(f -> assertThat(f).startsWith(field));
    }

    @Test
    void unknownExperimentsAreNotFound() {
        for (String path : List.of("/v1/experiments/" + UUID.randomUUID(), "/v1/experiments/not-a-uuid",
                "/v1/experiments/" + UUID.randomUUID() + "/results")) {
            Response r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).contains("application/problem+json");
            assertThat(r.body().get("detail").asString()).contains("no experiment");
        }
    }

    @Test
    void listFiltersByStatusNewestFirst() throws Exception {
        String a = post("/v1/experiments", body("list-a", null, List.of(0), "same", "last",
                List.of(task("t", "c", "m-ctl", prompts("la", 3))))).body().get("id").asString();
        awaitFinished(a);
        String b = post("/v1/experiments", body("list-b", null, List.of(0), "same", "last",
                List.of(task("t", "c", "m-ctl", prompts("lb", 3))))).body().get("id").asString();
        awaitFinished(b);
        Response r = get("/v1/experiments?status=SUCCEEDED&limit=50");
        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.body().get("experiments").forEach(e -> {
            assertThat(e.get("status").asString()).isEqualTo("SUCCEEDED");
            ids.add(e.get("id").asString());
        });
        assertThat(ids).containsSubsequence(b, a);
        assertThat(get("/v1/experiments?limit=1").body().get("experiments").size()).isEqualTo(1);
        assertThat(get("/v1/experiments?status=DONE").status()).isEqualTo(400);
        assertThat(get("/v1/experiments?limit=0").status()).isEqualTo(400);
    }

    @Test
    void operationalEndpoints() {
        Response readiness = get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text()).contains("UP");
        Response prometheus = get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.text()).contains("mossa_cka_units{").contains("mossa_cka_experiments{");
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text()).contains("/v1/experiments/{id}/results").contains("Submit an experiment");
    }
}
