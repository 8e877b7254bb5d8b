package io.mossa.cka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.mossa.cka.ExperimentTestSupport;
import io.mossa.cka.webhook.Receiver.Reply;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions, events and deliveries on real PostgreSQL with the service's own delivery workers, against a real
 * HTTP receiver on 127.0.0.1 (allowed here by configuration). Every test uses its own owners, so that the
 * subscriptions of one never see another's experiments.
 */
@TestPropertySource(properties = {
        "mossa.webhooks.allowed-hosts=127.0.0.1,localhost,10.9.8.7",
        "mossa.webhooks.allowed-networks=127.0.0.0/8",
        "mossa.webhooks.poll-interval=50ms",
        "mossa.webhooks.initial-backoff=150ms",
        "mossa.webhooks.max-backoff=600ms",
        "mossa.webhooks.max-attempts=3",
        "mossa.webhooks.max-subscriptions-per-owner=3"})
class WebhookServiceTest extends ExperimentTestSupport {

    private static final Receiver RECEIVER;

    static {
        try {
            RECEIVER = new Receiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Autowired
    DeliveryStore deliveries;

    @Autowired
    DeliveryWorkers workers;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void invalidSubscriptionsAnswer400NamingEachField() {
        String ok = RECEIVER.url("/ok");
        assertInvalid(subscription(null, null, List.of("experiment.succeeded")), "url", "is required");
        assertInvalid(subscription(null, "ftp://127.0.0.1/x", List.of("experiment.succeeded")), "url",
                "scheme must be http or https, was 'ftp'");
        assertInvalid(subscription(null, "not a url", List.of("experiment.succeeded")), "url", "not a valid URL");
        assertInvalid(subscription(null, "/relative/path", List.of("experiment.succeeded")), "url", "absolute");
        assertInvalid(subscription(null, "http://user:pw@127.0.0.1/x", List.of("experiment.succeeded")), "url",
                "credentials");
        assertInvalid(subscription(null, "https://example.org/hook", List.of("experiment.succeeded")), "url",
                "not on the allow-list");
        // on the host list, but a private address outside the allowed networks
        assertInvalid(subscription(null, "http://10.9.8.7/hook", List.of("experiment.succeeded")), "url",
                "private");
        assertInvalid(subscription(null, ok, List.of()), "events", "at least one");
        assertInvalid(subscription(null, ok, List.of("experiment.succeeded", "experiment.finished")), "events[1]",
                "unknown event 'experiment.finished'");
        Response both = post("/v1/webhooks", subscription(null, "gopher://x", List.of("done")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(fields(both)).containsExactly("url", "events[0]");
    }

    @Test
    void webhooksOfADefinitionAreCreatedWithTheExperimentAndReceiveOnlyItsEvents() throws Exception {
        String owner = "key-" + UUID.randomUUID();
        String path = "/definition-" + owner;
        // the owner's other experiment must not reach a webhook of this one
        String other = submit(owned(experiment("other", List.of(task("t", "m-ctl", prompts("d other " + owner, 4)))),
                owner, "public"));
        Map<String, Object> body = owned(experiment("with webhooks", List.of(
                task("a", "m-ctl", prompts("d a " + owner, 4)),
                task("b", "m-ctl", prompts("d b " + owner, 4)))), owner, "private");
        body.put("webhooks", List.of(Map.of("url", RECEIVER.url(path),
                "events", List.of("experiment.succeeded", "experiment.succeeded", "experiment.progress"))));
        Response created = create(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode webhook = created.body().get("webhooks").get(0);
        String secret = webhook.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(webhook.get("url").asString()).isEqualTo(RECEIVER.url(path));
        // a repeated event counts once
        assertThat(webhook.get("events").valueStream().map(JsonNode::asString).toList())
                .containsExactly("experiment.succeeded", "experiment.progress");
        String id = created.body().get("id").asString();
        // the subscription is the owner's, bound to this experiment, and listed without its secret
        JsonNode stored = get("/v1/webhooks/" + webhook.get("id").asString()).body();
        assertThat(stored.get("owner").asString()).isEqualTo(owner);
        assertThat(stored.get("experimentId").asString()).isEqualTo(id);
        assertThat(stored.has("secret")).isFalse();
        // the status view never carries secrets
        assertThat(get("/v1/experiments/" + id).body().has("webhooks")).isFalse();

        awaitStatus(id, "SUCCEEDED");
        awaitStatus(other, "SUCCEEDED");
        awaitReceived(path, 2);
        List<String> types = new ArrayList<>();
        for (Receiver.Received request : RECEIVER.at(path)) {
            assertThat(request.header("X-Mossa-Signature")).isEqualTo(
                    ReferenceHmac.expectedSignature(secret, request.header("X-Mossa-Timestamp"), request.body()));
            JsonNode event = JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));
            assertThat(event.at("/experiment/id").asString()).isEqualTo(id);
            types.add(event.get("type").asString());
        }
        assertThat(types).containsExactlyInAnyOrder("experiment.progress", "experiment.succeeded");
    }

    @Test
    void aDefinitionWebhookTheAddressPolicyRefusesRefusesTheExperimentWithNothingStored() {
        String name = "refused-" + UUID.randomUUID();
        Map<String, Object> body = experiment(name, List.of(task("t", "m-ctl", prompts("r " + name, 4))));
        body.put("webhooks", List.of(
                Map.of("url", RECEIVER.url("/fine"), "events", List.of("experiment.failed")),
                Map.of("url", "https://example.org/hook", "events", List.of("experiment.succeeded")),
                Map.of("url", RECEIVER.url("/no-events"), "events", List.of())));
        Response refused = create(body);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(fields(refused)).containsExactly("webhooks[2].events");
        body.put("webhooks", List.of(
                Map.of("url", RECEIVER.url("/fine"), "events", List.of("experiment.failed")),
                Map.of("url", "https://example.org/hook", "events", List.of("experiment.succeeded"))));
        refused = create(body);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("webhooks[1].url");
        assertThat(refused.body().get("detail").asString()).contains("not on the allow-list");
        assertThat(count("SELECT count(*) FROM cka.experiment WHERE name = ?", name)).isZero();
        assertThat(count("SELECT count(*) FROM cka.webhook_subscription WHERE url = ?", RECEIVER.url("/fine"))).isZero();
    }

    @Test
    void anOwnersWebhookLimitRefusesTheExperimentThatWouldPassIt() {
        String owner = "key-" + UUID.randomUUID();
        String name = "over-limit-" + owner;
        Map<String, Object> body = owned(experiment(name, List.of(task("t", "m-ctl", prompts("l " + owner, 4)))),
                owner, "public");
        // the test's limit is 3 per owner (mossa.webhooks.max-subscriptions-per-owner)
        body.put("webhooks", List.of(
                Map.of("url", RECEIVER.url("/l1"), "events", List.of("experiment.failed")),
                Map.of("url", RECEIVER.url("/l2"), "events", List.of("experiment.failed")),
                Map.of("url", RECEIVER.url("/l3"), "events", List.of("experiment.failed")),
                Map.of("url", RECEIVER.url("/l4"), "events", List.of("experiment.failed"))));
        Response refused = create(body);
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("max-subscriptions-per-owner");
        assertThat(count("SELECT count(*) FROM cka.experiment WHERE name = ?", name)).isZero();
        assertThat(count("SELECT count(*) FROM cka.webhook_subscription WHERE owner = ?", owner)).isZero();
    }

    @Test
    void anOwnersExperimentSendsProgressAndSucceededSignedEvents() throws Exception {
        String owner = "key-" + UUID.randomUUID();
        String path = "/lifecycle-" + owner;
        Response created = post("/v1/webhooks", subscription(owner, RECEIVER.url(path), List.of(
                "experiment.succeeded", "experiment.progress", "experiment.failed")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.body().get("secret").asString();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThanOrEqualTo(40);
        String id = created.body().get("id").asString();
        assertThat(created.location()).isEqualTo("/v1/webhooks/" + id);

        // someone else's experiment is not this subscription's business
        String other = submit(owned(experiment("other", List.of(task("t", "m-ctl", prompts("w other " + owner, 4)))),
                "key-someone-else", "public"));
        String mine = submit(owned(experiment("mine", List.of(
                task("a", "m-ctl", prompts("w a " + owner, 4)),
                task("b", "m-ctl", prompts("w b " + owner, 4)),
                task("c", "m-ctl", prompts("w c " + owner, 4)))), owner, "private"));
        awaitStatus(mine, "SUCCEEDED");
        awaitStatus(other, "SUCCEEDED");
        awaitReceived(path, 3);

        List<JsonNode> events = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        for (Receiver.Received request : RECEIVER.at(path)) {
            assertThat(request.header("X-Mossa-Signature")).isEqualTo(
                    ReferenceHmac.expectedSignature(secret, request.header("X-Mossa-Timestamp"), request.body()));
            JsonNode event = JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));
            assertThat(request.header("X-Mossa-Event")).isEqualTo(event.get("type").asString());
            assertThat(request.header("X-Mossa-Event-Id")).isEqualTo(event.get("id").asString());
            assertThat(event.at("/experiment/id").asString()).isEqualTo(mine);
            eventIds.add(event.get("id").asString());
            events.add(event);
        }
        assertThat(eventIds).hasSize(3);
        assertThat(events.stream().map(e -> e.get("type").asString()).sorted())
                .containsExactly("experiment.progress", "experiment.progress", "experiment.succeeded");
        assertThat(events.stream().filter(e -> e.get("type").asString().equals("experiment.progress"))
                .map(e -> e.at("/experiment/progress/unitsDone").asInt()).sorted()).containsExactly(1, 2);
        JsonNode succeeded = events.stream().filter(e -> e.get("type").asString().equals("experiment.succeeded"))
                .findFirst().orElseThrow();
        assertThat(succeeded.at("/experiment/status").asString()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.at("/experiment/progress/unitsDone").asInt()).isEqualTo(3);
        assertThat(succeeded.at("/experiment/progress/unitsTotal").asInt()).isEqualTo(3);
        assertThat(succeeded.at("/experiment/name").asString()).isEqualTo("mine");
        assertThat(Instant.parse(succeeded.at("/experiment/finishedAt").asString())).isNotNull();
        assertThat(Instant.parse(succeeded.get("occurredAt").asString())).isNotNull();

        // the delivery log: each delivered at the first attempt (recorded just after the receiver answered)
        awaitCount(3, "SELECT count(*) FROM cka.webhook_delivery WHERE subscription_id = ?::uuid AND state = 'SUCCEEDED'",
                id);
        JsonNode log = get("/v1/webhooks/" + id + "/deliveries").body().get("deliveries");
        assertThat(log).hasSize(3);
        for (JsonNode delivery : log) {
            assertThat(delivery.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
            assertThat(delivery.get("attempts")).hasSize(1);
            assertThat(delivery.at("/attempts/0/outcome").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.at("/attempts/0/httpStatus").asInt()).isEqualTo(204);
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAnswers2xx() throws Exception {
        String slow = "m-slow-" + UUID.randomUUID();
        String path = "/retry-" + slow;
        EXTRACTOR.hold(slow);
        String experiment;
        try {
            experiment = submit(experiment("to cancel", List.of(task("t", slow, prompts("w cancel " + slow, 4)))));
            awaitStatus(experiment, "RUNNING");
            // admin-owned, for this one experiment
            Response created = post("/v1/webhooks", subscriptionFor(null, RECEIVER.url(path),
                    List.of("experiment.cancelled"), experiment));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String secret = created.body().get("secret").asString();
            RECEIVER.then(Reply.status(503), Reply.status(500));
            assertThat(post("/v1/experiments/" + experiment + "/cancel", "").status()).isEqualTo(200);
            awaitReceived(path, 3);

            List<Receiver.Received> requests = RECEIVER.at(path);
            assertThat(requests.stream().map(r -> r.header("X-Mossa-Event-Id")).distinct()).hasSize(1);
            for (Receiver.Received request : requests) {
                assertThat(request.header("X-Mossa-Signature")).isEqualTo(ReferenceHmac.expectedSignature(secret,
                        request.header("X-Mossa-Timestamp"), request.body()));
            }
            JsonNode delivery = awaitDelivery(created.body().get("id").asString(), "SUCCEEDED");
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts).hasSize(3);
            assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("HTTP_ERROR");
            assertThat(attempts.get(0).get("httpStatus").asInt()).isEqualTo(503);
            assertThat(attempts.get(1).get("httpStatus").asInt()).isEqualTo(500);
            assertThat(attempts.get(2).get("outcome").asString()).isEqualTo("DELIVERED");
            // attempts wait at least the backoff: 150 ms after the first failure, 300 ms after the second
            assertThat(gap(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(gap(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(delivery.get("event").asString()).isEqualTo("experiment.cancelled");
        } finally {
            EXTRACTOR.open(slow);
        }
    }

    @Test
    void aDeliveryIsGivenUpAfterMaxAttemptsAndCounted() throws Exception {
        String owner = "key-" + UUID.randomUUID();
        String path = "/down-" + owner;
        Response created = post("/v1/webhooks", subscription(owner, RECEIVER.url(path), List.of("experiment.failed")));
        RECEIVER.then(Reply.status(500), Reply.status(502), Reply.status(500));
        String experiment = submit(owned(experiment("fails", List.of(
                task("bad", "m-bad-webhook", prompts("w bad " + owner, 4)))), owner, "public"));
        awaitStatus(experiment, "FAILED");
        JsonNode delivery = awaitDelivery(created.body().get("id").asString(), "FAILED");
        assertThat(delivery.get("attempts")).hasSize(3);
        assertThat(delivery.get("attempts").findValuesAsString("outcome")).containsOnly("HTTP_ERROR");
        assertThat(RECEIVER.at(path)).hasSize(3);
        JsonNode event = JSON.readTree(new String(RECEIVER.at(path).get(0).body(), StandardCharsets.UTF_8));
        assertThat(event.at("/experiment/status").asString()).isEqualTo("FAILED");
        assertThat(event.at("/experiment/failure").asString()).contains("m-bad-webhook");

        // counted just after the state is recorded
        String metrics = get("/actuator/prometheus").text();
        for (int i = 0; i < 100 && !metrics.contains("mossa_webhooks_deliveries_total{state=\"FAILED\"}"); i++) {
            Thread.sleep(50);
            metrics = get("/actuator/prometheus").text();
        }
        assertThat(metrics).contains("mossa_webhooks_attempts_total{outcome=\"HTTP_ERROR\"}")
                .contains("mossa_webhooks_deliveries_total{state=\"FAILED\"}")
                .contains("mossa_webhooks_outbox_depth");
    }

    @Test
    void privateExperimentsReachOnlyTheirOwnersSubscriptions() throws Exception {
        String owner = "key-" + UUID.randomUUID();
        String stranger = "key-" + UUID.randomUUID();
        String experiment = submit(owned(experiment("secret", List.of(
                task("t", "m-ctl", prompts("w private " + owner, 4)))), owner, "private"));
        // a stranger naming the private experiment gets nothing (the gateway refuses such a subscription too)
        String strangers = post("/v1/webhooks", subscriptionFor(stranger, RECEIVER.url("/stranger-" + owner),
                List.of("experiment.succeeded"), experiment)).body().get("id").asString();
        String owners = post("/v1/webhooks", subscriptionFor(owner, RECEIVER.url("/owner-" + owner),
                List.of("experiment.succeeded"), experiment)).body().get("id").asString();
        awaitStatus(experiment, "SUCCEEDED");
        awaitDelivery(owners, "SUCCEEDED");
        assertThat(get("/v1/webhooks/" + strangers + "/deliveries").body().get("deliveries")).isEmpty();
        assertThat(RECEIVER.at("/stranger-" + owner)).isEmpty();
    }

    @Test
    void subscriptionsAreListedPerOwnerWithoutSecretsLimitedAndDeleted() {
        String owner = "key-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response created = post("/v1/webhooks", subscription(owner, RECEIVER.url("/list-" + i),
                    List.of("experiment.succeeded")));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            ids.add(created.body().get("id").asString());
        }
        Response fourth = post("/v1/webhooks", subscription(owner, RECEIVER.url("/list-3"),
                List.of("experiment.succeeded")));
        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.body().get("limit").asInt()).isEqualTo(3);

        Response listed = get("/v1/webhooks?owner=" + owner);
        assertThat(listed.body().get("webhooks").findValuesAsString("id")).containsExactlyElementsOf(ids);
        assertThat(listed.text()).doesNotContain("whsec_").doesNotContain("secret");
        Response one = get("/v1/webhooks/" + ids.get(0));
        assertThat(one.body().get("events").get(0).asString()).isEqualTo("experiment.succeeded");
        assertThat(one.text()).doesNotContain("whsec_");

        assertThat(delete("/v1/webhooks/" + ids.get(0)).status()).isEqualTo(204);
        assertThat(get("/v1/webhooks/" + ids.get(0)).status()).isEqualTo(404);
        assertThat(delete("/v1/webhooks/" + ids.get(0)).status()).isEqualTo(404);
        assertThat(get("/v1/webhooks/not-a-uuid").status()).isEqualTo(404);
        assertThat(get("/v1/webhooks/" + ids.get(1) + "/deliveries?limit=0").status()).isEqualTo(400);
        assertThat(post("/v1/webhooks", subscription(owner, RECEIVER.url("/list-4"), List.of("experiment.failed")))
                .status()).isEqualTo(201);
    }

    @Test
    void revokingAnApiKeyEndsItsSubscriptions() {
        byte[] digest = new byte[32];
        new java.security.SecureRandom().nextBytes(digest);
        String hash = java.util.HexFormat.of().formatHex(digest);
        Response key = post("/v1/api-keys", "{\"name\":\"webhook owner\",\"secretHash\":\"" + hash + "\"}");
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        String owner = key.body().get("id").asString();
        String id = post("/v1/webhooks", subscription(owner, RECEIVER.url("/revoked"), List.of("experiment.failed")))
                .body().get("id").asString();
        assertThat(get("/v1/webhooks/" + id).status()).isEqualTo(200);
        assertThat(delete("/v1/api-keys/" + owner).status()).isEqualTo(200);
        assertThat(get("/v1/webhooks/" + id).status()).isEqualTo(404);
    }

    /**
     * Extra claimers in this test, like other replicas, drain the outbox together with the service's own delivery
     * threads: every delivery reaches the receiver exactly once and is recorded with exactly one attempt.
     */
    @Test
    void concurrentClaimersDeliverEveryEventExactlyOnce() throws Exception {
        String owner = "key-" + UUID.randomUUID();
        String path = "/many-" + owner;
        String subscription = post("/v1/webhooks", subscription(owner, RECEIVER.url(path),
                List.of("experiment.progress", "experiment.succeeded"))).body().get("id").asString();
        List<Map<String, Object>> tasks = new ArrayList<>();
        int units = 12;
        for (int i = 0; i < units; i++) {
            tasks.add(task("t" + i, "m-ctl", prompts("w many " + i + " " + owner, 3)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int c = 0; c < 6; c++) {
                String claimer = "test-replica-" + c;
                claimers.add(pool.submit(() -> {
                    while (System.nanoTime() < until && RECEIVER.at(path).size() < units) {
                        var claimed = deliveries.claim(claimer, Duration.ofSeconds(60));
                        if (claimed.isPresent()) {
                            workers.deliver(claimed.get());
                        } else {
                            Thread.sleep(20);
                        }
                    }
                    return null;
                }));
            }
            String experiment = submit(owned(experiment("many", tasks), owner, "public"));
            awaitStatus(experiment, "SUCCEEDED");
            for (Future<?> claimer : claimers) {
                claimer.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitReceived(path, units);
        List<String> deliveryIds = RECEIVER.at(path).stream().map(r -> r.header("X-Mossa-Delivery")).toList();
        assertThat(deliveryIds).hasSize(units).doesNotHaveDuplicates();
        // recorded just after each answer; then nothing more happens
        awaitCount(units, "SELECT count(*) FROM cka.webhook_delivery WHERE subscription_id = ?::uuid"
                + " AND state = 'SUCCEEDED' AND attempts = 1", subscription);
        assertThat(count("SELECT count(*) FROM cka.webhook_attempt a JOIN cka.webhook_delivery d ON d.id = a.delivery_id"
                + " WHERE d.subscription_id = ?::uuid", subscription)).isEqualTo(units);
        assertThat(count("SELECT count(*) FROM cka.webhook_delivery WHERE subscription_id = ?::uuid", subscription))
                .isEqualTo(units);
    }

    private void awaitReceived(String path, int n) throws InterruptedException {
        for (int i = 0; i < 600 && RECEIVER.at(path).size() < n; i++) {
            Thread.sleep(50);
        }
        assertThat(RECEIVER.at(path)).as(path).hasSize(n);
    }

    private JsonNode awaitDelivery(String subscription, String state) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 600; i++) {
            JsonNode list = get("/v1/webhooks/" + subscription + "/deliveries").body().get("deliveries");
            if (!list.isEmpty()) {
                last = list.get(0);
                if (last.get("state").asString().equals(state)) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + state + " delivery for " + subscription + " after 30 s; last " + last);
    }

    private static Duration gap(JsonNode earlier, JsonNode later) {
        Instant end = Instant.parse(earlier.get("startedAt").asString())
                .plusMillis(earlier.get("durationMs").asLong());
        return Duration.between(end, Instant.parse(later.get("startedAt").asString()));
    }

    private void assertInvalid(String body, String field, String message) {
        Response r = post("/v1/webhooks", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.body().get("detail").asString()).contains(field + ": ").contains(message);
        assertThat(fields(r)).containsExactly(field);
    }

    private static List<String> fields(Response r) {
        List<String> fields = new ArrayList<>();
        r.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private static String subscription(String owner, String url, List<String> events) {
        return subscriptionFor(owner, url, events, null);
    }

    private static String subscriptionFor(String owner, String url, List<String> events, String experiment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("url", url);
        body.put("events", events);
        body.put("experimentId", experiment);
        return JSON.writeValueAsString(body);
    }

    private static Map<String, Object> owned(Map<String, Object> experiment, String owner, String visibility) {
        experiment.put("owner", owner);
        experiment.put("visibility", visibility);
        return experiment;
    }
}
