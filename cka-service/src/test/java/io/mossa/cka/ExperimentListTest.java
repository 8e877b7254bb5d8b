package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Listing (filters, keyset pages), idempotent submission, ownership and the experiments gauge, over real HTTP.
 * Each test names its own models (fresh ids that the fake extractor serves like a control model), so the model
 * filter isolates its experiments from everything else in the shared database.
 */
class ExperimentListTest extends ExperimentTestSupport {

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private List<JsonNode> allPages(String query, int limit, List<Integer> pageSizes) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            Response r = get("/v1/experiments?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            r.body().get("experiments").forEach(all::add);
            pageSizes.add(r.body().get("experiments").size());
            JsonNode next = r.body().get("nextCursor");
            if (next.isNull()) {
                return all;
            }
            cursor = next.asString();
        }
        throw new AssertionError("more than 100 pages");
    }

    @Test
    void pagesWalkEveryExperimentOnceNewestFirst() throws Exception {
        String model = fresh("m-page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Map<String, Object> body = experiment("page " + i, List.of(task("t", "m-ctl", prompts(model + i, 3))));
            body.put("experimentalModel", model);
            body.put("layers", List.of(0));
            created.add(submit(body));
        }
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> listed = allPages("model=" + model, 3, sizes);
        assertThat(sizes).containsExactly(3, 3, 1);
        List<String> ids = listed.stream().map(e -> e.get("id").asString()).toList();
        // newest first: the reverse of submission order, every experiment exactly once
        List<String> expected = new ArrayList<>(created);
        java.util.Collections.reverse(expected);
        assertThat(ids).containsExactlyElementsOf(expected);
        for (int i = 1; i < listed.size(); i++) {
            assertThat(listed.get(i - 1).get("createdAt").asString())
                    .isGreaterThanOrEqualTo(listed.get(i).get("createdAt").asString());
        }
        // a page size that divides the count ends with an empty next page rather than a wrong one
        sizes.clear();
        assertThat(allPages("model=" + model, 7, sizes)).hasSize(7);
        assertThat(sizes).containsExactly(7);
        sizes.clear();
        assertThat(allPages("model=" + model, 1, sizes)).extracting(e -> e.get("id").asString())
                .containsExactlyElementsOf(expected);

        // an experiment submitted while paging appears on no later page (it is newer than the cursor)
        Response first = get("/v1/experiments?model=" + model + "&limit=4");
        Map<String, Object> late = experiment("late", List.of(task("t", "m-ctl", prompts(model + "late", 3))));
        late.put("experimentalModel", model);
        late.put("layers", List.of(0));
        String lateId = submit(late);
        Response second = get("/v1/experiments?model=" + model + "&limit=4&cursor="
                + first.body().get("nextCursor").asString());
        List<String> seen = new ArrayList<>();
        first.body().get("experiments").forEach(e -> seen.add(e.get("id").asString()));
        second.body().get("experiments").forEach(e -> seen.add(e.get("id").asString()));
        assertThat(seen).containsExactlyElementsOf(expected).doesNotContain(lateId);
        for (String id : created) {
            awaitStatus(id, "SUCCEEDED", "FAILED");
        }
        awaitStatus(lateId, "SUCCEEDED", "FAILED");
    }

    @Test
    void badListParametersAreRejectedNamingTheParameter() {
        for (String query : List.of("cursor=not-a-cursor", "cursor=djE6eHl6OnBx", "cursor=%25%25", "limit=0",
                "limit=501", "limit=ten", "status=DONE")) {
            Response r = get("/v1/experiments?" + query);
            assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(400);
            assertThat(r.contentType()).contains("application/problem+json");
            String field = query.substring(0, query.indexOf('='));
            assertThat(r.body().get("detail").asString()).startsWith(field + ":");
            assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
        assertThat(get("/v1/experiments?status=cancelled&limit=500").status()).isEqualTo(200);
    }

    /** Java's HTTP client refuses to send such a URI, so the request goes over a plain socket. */
    @Test
    void aQueryStringThatIsNotPercentEncodedIsAClientError() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /v1/experiments?cursor=%%%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("application/problem+json").contains("percent-encoded")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void modelFilterMatchesExperimentalBaselineAndControlModels() throws Exception {
        String experimental = fresh("m-filter-e");
        String baseline = fresh("m-filter-b");
        String control = fresh("m-filter-c");
        Map<String, Object> e = experiment("by experimental", List.of(task("t", "m-ctl", prompts(experimental, 3))));
        e.put("experimentalModel", experimental);
        Map<String, Object> b = experiment("by baseline", List.of(task("t", "m-ctl", prompts(baseline, 3))));
        b.put("baselineModel", baseline);
        Map<String, Object> c = experiment("by control", List.of(task("t1", "m-ctl", prompts(control, 3)),
                task("t2", control, prompts(control + "2", 3))));
        String byE = submit(e);
        String byB = submit(b);
        String byC = submit(c);
        assertThat(ids("model=" + experimental)).containsExactly(byE);
        assertThat(ids("model=" + baseline)).containsExactly(byB);
        assertThat(ids("model=" + control)).containsExactly(byC);
        assertThat(ids("model=" + fresh("m-nobody"))).isEmpty();
        for (String id : List.of(byE, byB, byC)) {
            awaitStatus(id, "SUCCEEDED", "FAILED");
        }
        // combined with a status
        assertThat(ids("model=" + control + "&status=SUCCEEDED")).containsExactly(byC);
        assertThat(ids("model=" + control + "&status=RUNNING")).isEmpty();
    }

    private List<String> ids(String query) {
        Response r = get("/v1/experiments?" + query + "&limit=500");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.body().get("experiments").forEach(e -> ids.add(e.get("id").asString()));
        return ids;
    }

    @Test
    void readableByShowsPublicExperimentsAndTheReadersOwn() throws Exception {
        String model = fresh("m-owner");
        String alicePrivate = submitOwned(model, "key-alice", "private");
        String bobPrivate = submitOwned(model, "key-bob", "private");
        String bobPublic = submitOwned(model, "key-bob", "public");
        String anonymous = submitOwned(model, null, null);
        JsonNode view = get("/v1/experiments/" + alicePrivate).body();
        assertThat(view.get("owner").asString()).isEqualTo("key-alice");
        assertThat(view.get("visibility").asString()).isEqualTo("private");
        JsonNode anonymousView = get("/v1/experiments/" + anonymous).body();
        assertThat(anonymousView.get("owner").isNull()).isTrue();
        assertThat(anonymousView.get("visibility").asString()).isEqualTo("public");

        assertThat(ids("model=" + model + "&readableBy=key-alice"))
                .containsExactlyInAnyOrder(alicePrivate, bobPublic, anonymous);
        assertThat(ids("model=" + model + "&readableBy=key-bob"))
                .containsExactlyInAnyOrder(bobPrivate, bobPublic, anonymous);
        assertThat(ids("model=" + model + "&readableBy=")).containsExactlyInAnyOrder(bobPublic, anonymous);
        assertThat(ids("model=" + model + "&readableBy=key-carol")).containsExactlyInAnyOrder(bobPublic, anonymous);
        assertThat(ids("model=" + model)).containsExactlyInAnyOrder(alicePrivate, bobPrivate, bobPublic, anonymous);
        for (String id : List.of(alicePrivate, bobPrivate, bobPublic, anonymous)) {
            awaitStatus(id, "SUCCEEDED", "FAILED");
        }

        // results follow the same rule: another owner's private experiment is as unknown as a missing one
        assertThat(get("/v1/experiments/" + alicePrivate + "/results?readableBy=key-alice").status()).isEqualTo(200);
        assertThat(get("/v1/experiments/" + alicePrivate + "/results").status()).isEqualTo(200);
        for (String reader : List.of("key-bob", "")) {
            Response hidden = get("/v1/experiments/" + alicePrivate + "/results?readableBy=" + reader);
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(hidden.body().get("detail").asString()).isEqualTo("no experiment with id '" + alicePrivate + "'");
        }
        assertThat(get("/v1/experiments/" + bobPublic + "/results?readableBy=").status()).isEqualTo(200);
    }

    private String submitOwned(String model, String owner, String visibility) {
        Map<String, Object> body = experiment("owned", List.of(task("t", "m-ctl", prompts(model + owner, 3))));
        body.put("experimentalModel", model);
        body.put("layers", List.of(0));
        if (owner != null) {
            body.put("owner", owner);
        }
        if (visibility != null) {
            body.put("visibility", visibility);
        }
        return submit(body);
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstExperimentForTheSameRequestOnly() throws Exception {
        String key = fresh("key");
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("taskSet", "demo");
        definition.put("n", 3);
        Map<String, Object> body = experiment("idempotent", List.of(task("t", "m-ctl", prompts(key, 3))));
        body.put("owner", "key-alice");
        body.put("idempotencyKey", key);
        body.put("definition", definition);
        body.put("taskSetId", "demo");
        body.put("taskSetVersion", 2);

        Response first = create(body);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        String id = first.body().get("id").asString();
        assertThat(first.body().has("definition")).as("the view leaves the definition out").isFalse();
        Response submitted = get("/v1/experiments/" + id + "/definition");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        assertThat(submitted.body()).isEqualTo(JSON.valueToTree(definition));
        assertThat(first.body().get("taskSetId").asString()).isEqualTo("demo");
        assertThat(first.body().get("taskSetVersion").asInt()).isEqualTo(2);

        // the same request again, its definition's keys in another order: the same experiment, 200
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("n", 3);
        reordered.put("taskSet", "demo");
        body.put("definition", reordered);
        Response again = create(body);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("id").asString()).isEqualTo(id);
        assertThat(again.location()).isEqualTo("/v1/experiments/" + id);

        // the same key with a different request: 409 naming the header
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("layers", List.of(0));
        Response conflict = create(changed);
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        assertThat(conflict.contentType()).contains("application/problem+json");
        assertThat(conflict.body().get("detail").asString()).contains("Idempotency-Key");
        assertThat(conflict.body().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");

        // keys belong to their owner: another owner's identical key is a new experiment
        Map<String, Object> otherOwner = new HashMap<>(body);
        otherOwner.put("owner", "key-bob");
        Response bobs = create(otherOwner);
        assertThat(bobs.status()).isEqualTo(201);
        assertThat(bobs.body().get("id").asString()).isNotEqualTo(id);

        // anonymous submitters share one key space (a null owner is an owner like any other here)
        Map<String, Object> anonymous = new HashMap<>(body);
        anonymous.remove("owner");
        Response anonymousFirst = create(anonymous);
        Response anonymousAgain = create(anonymous);
        assertThat(anonymousFirst.status()).isEqualTo(201);
        assertThat(anonymousAgain.status()).isEqualTo(200);
        assertThat(anonymousAgain.body().get("id").asString()).isEqualTo(anonymousFirst.body().get("id").asString());
        assertThat(count("SELECT count(*) FROM cka.experiment WHERE idempotency_key = ?", key)).isEqualTo(3);

        // without a key, every submission is new
        Map<String, Object> keyless = new HashMap<>(body);
        keyless.remove("idempotencyKey");
        assertThat(create(keyless).body().get("id").asString()).isNotEqualTo(create(keyless).body().get("id").asString());
        for (String done : List.of(id, bobs.body().get("id").asString(), anonymousFirst.body().get("id").asString())) {
            awaitStatus(done, "SUCCEEDED", "FAILED");
        }
    }

    @Test
    void concurrentSubmissionsWithOneKeyCreateOneExperiment() throws Exception {
        String key = fresh("race");
        Map<String, Object> body = experiment("race", List.of(task("t", "m-ctl", prompts(key, 3))));
        body.put("idempotencyKey", key);
        body.put("owner", "key-racer");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return create(body);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var future : futures) {
                Response r = future.get(60, java.util.concurrent.TimeUnit.SECONDS);
                statuses.add(r.status());
                ids.add(r.body().get("id").asString());
            }
            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
            assertThat(ids).hasSize(1);
            assertThat(count("SELECT count(*) FROM cka.experiment WHERE idempotency_key = ?", key)).isEqualTo(1);
            awaitStatus(ids.iterator().next(), "SUCCEEDED", "FAILED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theGaugeCountsExperimentsByStatusFromTheDatabase() throws Exception {
        // a cancelled experiment, so that every status but the transient ones is present
        String id = submit(experiment("gauge", List.of(task("t", "m-ctl", prompts(fresh("gauge"), 3)))));
        Response cancelled = post("/v1/experiments/" + id + "/cancel", "");
        assertThat(cancelled.status()).isIn(200, 409);
        awaitStatus(id, "CANCELLED", "SUCCEEDED");
        Pattern line = Pattern.compile("^mossa_cka_experiments\\{[^}]*status=\"([A-Z]+)\"[^}]*\\} ([0-9.eE+-]+)$",
                Pattern.MULTILINE);
        Map<String, Long> database = new HashMap<>();
        Map<String, Long> gauge = new HashMap<>();
        for (int attempt = 0; attempt < 150; attempt++) {
            database.clear();
            gauge.clear();
            for (String status : List.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED")) {
                database.put(status, (long) count("SELECT count(*) FROM cka.experiment WHERE status = ?", status));
            }
            Matcher m = line.matcher(get("/actuator/prometheus").text());
            while (m.find()) {
                gauge.put(m.group(1), (long) Double.parseDouble(m.group(2)));
            }
            if (gauge.equals(database)) {
                break;
            }
            Thread.sleep(100); // the gauge reads the database at most every 5 s
        }
        assertThat(gauge).containsOnlyKeys("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(gauge).isEqualTo(database);
        assertThat(gauge.get("CANCELLED") + gauge.get("SUCCEEDED")).isPositive();
    }
}
