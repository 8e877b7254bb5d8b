package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.sun.net.httpserver.HttpServer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhooks through the whole platform: the three jars as processes, cka-service on a real (embedded) PostgreSQL, and
 * a receiver in this test (a JDK HttpServer on a free port of 127.0.0.1, which cka-service is configured to allow).
 * The receiver checks every signature with an HMAC computed here, fails the first attempts to see them retried, and
 * an event pending while cka-service is stopped is delivered after it restarts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {

    private static final String E = "all-minilm-l6-v2-q";
    private static final String C = "all-minilm-l6-v2";
    private static final Path ROOT = Path.of(System.getProperty("mossa.root", ".."));
    private static final Path LOGS = Path.of("target", "it-logs", "webhooks");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_KEY = "webhooks-it-admin-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedPostgres postgres;
    private static ServiceProcess extractor;
    private static ServiceProcess cka;
    private static ServiceProcess gateway;
    private static Receiver receiver;
    /** An API key the admin created for this run: the owner of the subscriptions and experiments below. */
    private static String key;

    @BeforeAll
    static void startPlatform() throws Exception {
        receiver = new Receiver();
        postgres = EmbeddedPostgres.builder().start();
        extractor = ServiceProcess.start("extractor-service",
                ROOT.resolve("extractor-service/target/extractor-service.jar"), LOGS);
        cka = ServiceProcess.start("cka-service", ROOT.resolve("cka-service/target/cka-service.jar"), LOGS,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor.url(),
                // the receiver: only this host, and loopback only because it is configured here
                "--mossa.webhooks.allowed-hosts=127.0.0.1",
                "--mossa.webhooks.allowed-networks=127.0.0.1/32",
                "--mossa.webhooks.poll-interval=100ms",
                "--mossa.webhooks.initial-backoff=300ms",
                "--mossa.webhooks.max-backoff=1s",
                "--mossa.webhooks.max-attempts=100");
        extractor.awaitReady(Duration.ofMinutes(3));
        cka.awaitReady(Duration.ofMinutes(3));
        gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway/target/gateway.jar"), LOGS,
                "--mossa.gateway.extractor-url=" + extractor.url(), "--mossa.gateway.cka-url=" + cka.url(),
                "--mossa.gateway.admin-key=" + ADMIN_KEY);
        gateway.awaitReady(Duration.ofMinutes(3));
        HttpResponse<String> created = send("POST", "/api/v1/api-keys", "{\"name\": \"webhooks-it\"}", ADMIN_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        key = JSON.readTree(created.body()).get("secret").asString();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                service.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        if (receiver != null) {
            receiver.server.stop(0);
        }
    }

    @Test
    @Order(1)
    void badSubscriptionsAreRefusedWithProblemsNamingTheField() throws Exception {
        assertThat(send("GET", "/api/v1/webhooks", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/webhooks", subscription(receiver.url("/x"), "experiment.succeeded"), null)
                .statusCode()).isEqualTo(401);
        assertProblem(subscription("ftp://127.0.0.1/x", "experiment.succeeded"), "url",
                "scheme must be http or https, was 'ftp'");
        assertProblem(subscription("http://", "experiment.succeeded"), "url", "");
        assertProblem(subscription(receiver.url("/x"), "experiment.done"), "events[0]",
                "unknown event 'experiment.done'");
        // a host off the allow-list, and a host on it whose address is not allowed
        assertProblem(subscription("http://10.1.2.3/hook", "experiment.succeeded"), "url", "not on the allow-list");
        ObjectNode unknownExperiment = (ObjectNode) JSON.readTree(subscription(receiver.url("/x"), "experiment.failed"));
        unknownExperiment.put("experimentId", UUID.randomUUID().toString());
        assertProblem(unknownExperiment.toString(), "experimentId", "no experiment with id");
        ObjectNode extra = (ObjectNode) JSON.readTree(subscription(receiver.url("/x"), "experiment.failed"));
        extra.put("secret", "mine");
        assertProblem(extra.toString(), "secret", "unknown field");
    }

    @Test
    @Order(2)
    void finishedExperimentIsDeliveredSignedAndRetriedUntilTheReceiverAccepts() throws Exception {
        // the receiver fails the first two attempts of the succeeded event
        receiver.script("/finished", 503, 500);
        Created finished = subscribe(subscription(receiver.url("/finished"), "experiment.succeeded"));
        Created progress = subscribe(subscription(receiver.url("/progress"), "experiment.progress"));

        String experiment = submit("e2e webhooks: finished", 3);
        JsonNode delivery = awaitDelivery(finished.id(), d -> d.get("state").asString().equals("SUCCEEDED"));
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts.findValuesAsString("outcome")).containsExactly("HTTP_ERROR", "HTTP_ERROR", "DELIVERED");
        assertThat(attempts.get(0).get("httpStatus").asInt()).isEqualTo(503);
        assertThat(attempts.get(1).get("httpStatus").asInt()).isEqualTo(500);

        List<Receiver.Request> requests = receiver.at("/finished");
        assertThat(requests).hasSize(3);
        for (Receiver.Request request : requests) {
            assertThat(request.signature()).isEqualTo(expectedSignature(finished.secret(), request.timestamp(),
                    request.body()));
            JsonNode event = JSON.readTree(request.body());
            assertThat(event.get("type").asString()).isEqualTo("experiment.succeeded");
            assertThat(event.get("id").asString()).isEqualTo(delivery.get("eventId").asString());
            assertThat(event.at("/experiment/id").asString()).isEqualTo(experiment);
            assertThat(event.at("/experiment/status").asString()).isEqualTo("SUCCEEDED");
        }
        assertThat(JSON.readTree(send("GET", "/api/v1/experiments/" + experiment, null, null).body())
                .get("status").asString()).isEqualTo("SUCCEEDED");

        // the demo task set's tasks but the last each sent one progress event, with a valid signature
        int tasks = JSON.readTree(send("GET", "/api/v1/task-sets/demo", null, null).body()).get("tasks").size();
        awaitDelivered(progress.id(), tasks - 1);
        for (Receiver.Request request : receiver.at("/progress")) {
            assertThat(request.signature()).isEqualTo(expectedSignature(progress.secret(), request.timestamp(),
                    request.body()));
        }

        // subscriptions are their key's: the admin sees them, nobody else does
        assertThat(send("GET", "/api/v1/webhooks/" + finished.id(), null, ADMIN_KEY).statusCode()).isEqualTo(200);
        String other = JSON.readTree(send("POST", "/api/v1/api-keys", "{\"name\": \"other\"}", ADMIN_KEY).body())
                .get("secret").asString();
        assertThat(send("GET", "/api/v1/webhooks/" + finished.id(), null, other).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/webhooks/" + finished.id() + "/deliveries", null, other).statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/webhooks/" + finished.id(), null, other).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send("GET", "/api/v1/webhooks", null, other).body()).get("webhooks")).isEmpty();
        assertThat(send("DELETE", "/api/v1/webhooks/" + progress.id(), null, key).statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(send("GET", "/api/v1/webhooks", null, key).body()).get("webhooks")
                .findValuesAsString("id")).contains(finished.id()).doesNotContain(progress.id());
    }

    @Test
    @Order(3)
    void aWebhookInTheDefinitionIsCreatedWithTheExperimentAndSigned() throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e webhooks: in the definition")
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "demo").put("examplesPerTask", 2)
                .put("pooling", "mean");
        definition.putArray("layers").add(6);
        ObjectNode target = definition.putArray("webhooks").addObject().put("url", receiver.url("/definition"));
        target.putArray("events").add("experiment.succeeded");

        // an unknown event names its field, through the gateway, and creates nothing
        ObjectNode wrong = definition.deepCopy();
        ((ObjectNode) wrong.get("webhooks").get(0)).putArray("events").add("experiment.done");
        HttpResponse<String> refused = send("POST", "/api/v1/experiments", wrong.toString(), key);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("errors").findValuesAsString("field"))
                .containsExactly("webhooks[0].events[0]");

        HttpResponse<String> submitted = send("POST", "/api/v1/experiments", definition.toString(), key);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode view = JSON.readTree(submitted.body());
        JsonNode webhook = view.get("webhooks").get(0);
        String secret = webhook.get("secret").asString();
        awaitDelivery(webhook.get("id").asString(), d -> d.get("state").asString().equals("SUCCEEDED"));
        Receiver.Request request = receiver.at("/definition").get(0);
        assertThat(request.signature()).isEqualTo(expectedSignature(secret, request.timestamp(), request.body()));
        assertThat(JSON.readTree(request.body()).at("/experiment/id").asString()).isEqualTo(view.get("id").asString());
        // the subscription is the submitting key's, bound to the experiment; the secret is never shown again
        JsonNode stored = JSON.readTree(send("GET", "/api/v1/webhooks/" + webhook.get("id").asString(), null, key)
                .body());
        assertThat(stored.get("experimentId").asString()).isEqualTo(view.get("id").asString());
        assertThat(stored.has("secret")).isFalse();
        assertThat(JSON.readTree(send("GET", "/api/v1/experiments/" + view.get("id").asString(), null, key).body())
                .has("webhooks")).isFalse();
    }

    @Test
    @Order(4)
    void anEventPendingWhileCkaServiceIsStoppedIsDeliveredAfterItsRestart() throws Exception {
        receiver.refuse("/restart", true);
        Created restart = subscribe(subscription(receiver.url("/restart"), "experiment.succeeded"));
        submit("e2e webhooks: restart", 2);
        // the event exists and its first attempts failed
        awaitDelivery(restart.id(), d -> d.get("attempts").size() >= 1);

        cka.close();
        int refusedBeforeRestart = receiver.at("/restart").size();
        receiver.refuse("/restart", false);
        cka = cka.restart();
        cka.awaitReady(Duration.ofMinutes(3));

        JsonNode delivery = awaitDelivery(restart.id(), d -> d.get("state").asString().equals("SUCCEEDED"));
        List<String> outcomes = delivery.get("attempts").findValuesAsString("outcome");
        assertThat(outcomes.get(outcomes.size() - 1)).isEqualTo("DELIVERED");
        assertThat(outcomes.subList(0, outcomes.size() - 1)).isNotEmpty().containsOnly("HTTP_ERROR");
        List<Receiver.Request> requests = receiver.at("/restart");
        assertThat(requests.size()).isGreaterThan(refusedBeforeRestart);
        Receiver.Request accepted = requests.get(requests.size() - 1);
        assertThat(accepted.signature()).isEqualTo(expectedSignature(restart.secret(), accepted.timestamp(),
                accepted.body()));
        assertThat(JSON.readTree(accepted.body()).get("id").asString()).isEqualTo(delivery.get("eventId").asString());
        assertThat(cka.logText()).contains("webhook delivery worker(s) started");
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Created(String id, String secret) {
    }

    private static Created subscribe(String body) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/webhooks", body, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode webhook = JSON.readTree(created.body());
        assertThat(created.headers().firstValue("Location").orElseThrow())
                .isEqualTo("/api/v1/webhooks/" + webhook.get("id").asString());
        return new Created(webhook.get("id").asString(), webhook.get("secret").asString());
    }

    private static String subscription(String url, String... events) {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        var array = body.putArray("events");
        for (String event : events) {
            array.add(event);
        }
        return body.toString();
    }

    /** Submits a small experiment with the run's key over the demo task set; answers its id. */
    private static String submit(String name, int examplesPerTask) throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", name).put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo").put("examplesPerTask", examplesPerTask)
                .put("pooling", "mean");
        definition.putArray("layers").add(5).add(6);
        HttpResponse<String> submitted = send("POST", "/api/v1/experiments", definition.toString(), key);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return JSON.readTree(submitted.body()).get("id").asString();
    }

    private static JsonNode awaitDelivery(String webhook, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/api/v1/webhooks/" + webhook + "/deliveries", null, key);
            if (response.statusCode() == 200) {
                JsonNode deliveries = JSON.readTree(response.body()).get("deliveries");
                if (!deliveries.isEmpty()) {
                    last = deliveries.get(0);
                    if (done.test(last)) {
                        return last;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("delivery of webhook " + webhook + " not as expected; last " + last
                + "\ncka-service log:\n" + cka.logTail());
    }

    private static void awaitDelivered(String webhook, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long delivered = 0;
        while (System.nanoTime() < deadline) {
            JsonNode deliveries = JSON.readTree(send("GET", "/api/v1/webhooks/" + webhook + "/deliveries", null, key)
                    .body()).get("deliveries");
            delivered = deliveries.findValuesAsString("state").stream().filter("SUCCEEDED"::equals).count();
            if (delivered == count && deliveries.size() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(delivered + " of " + count + " deliveries of webhook " + webhook + " made");
    }

    private static void assertProblem(String body, String field, String message) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/webhooks", body, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("detail").asString()).contains(field + ": ").contains(message);
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly(field);
    }

    private static HttpResponse<String> send(String method, String path, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The receiver's check, as docs/webhooks.md tells receivers to do it: HMAC-SHA256(secret, timestamp.body). */
    private static String expectedSignature(String secret, String timestamp, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Records every POST per path; answers scripted statuses first, 503 while a path refuses, then 200. */
    private static final class Receiver {

        record Request(String signature, String timestamp, byte[] body) {
        }

        final HttpServer server;
        private final Map<String, List<Request>> requests = new ConcurrentHashMap<>();
        private final Map<String, ConcurrentLinkedQueue<Integer>> scripts = new ConcurrentHashMap<>();
        private final Map<String, Boolean> refusing = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Request(
                            exchange.getRequestHeaders().getFirst("X-Mossa-Signature"),
                            exchange.getRequestHeaders().getFirst("X-Mossa-Timestamp"),
                            exchange.getRequestBody().readAllBytes()));
                    Integer scripted = scripts.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
                    int status = scripted != null ? scripted : refusing.getOrDefault(path, false) ? 503 : 200;
                    exchange.sendResponseHeaders(status, -1);
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void script(String path, Integer... statuses) {
            scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
        }

        void refuse(String path, boolean on) {
            refusing.put(path, on);
        }

        List<Request> at(String path) {
            return new ArrayList<>(requests.getOrDefault(path, List.of()));
        }
    }
}
