package io.mossa.gateway.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the internal APIs the experiment endpoints use, on 127.0.0.1 (random port): the extractor's
 * GET /v1/models and cka-service's experiment lifecycle as contract A describes it (create with idempotency
 * keys, list with filters and cursors, get, cancel, rerun, delete). It keeps every request it received, so that
 * tests can check what the gateway sent.
 */
final class FakeExperimentService implements AutoCloseable {

    record Received(String method, String path, Map<String, String> query, JsonNode body) {
    }

    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    /** Newest first, as cka-service lists them. */
    private final Map<UUID, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, UUID> idempotencyKeys = new LinkedHashMap<>();
    private final Map<UUID, JsonNode> requests = new LinkedHashMap<>();
    final List<Received> received = new ArrayList<>();

    FakeExperimentService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void setStatus(UUID id, String status) {
        experiments.get(id).put("status", status);
    }

    synchronized Received last(String method) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i).method().equals(method)) {
                return received.get(i);
            }
        }
        throw new AssertionError("no " + method + " request received");
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = bytes.length == 0 ? null : json.readTree(bytes);
        received.add(new Received(method, path, query, body));
        String[] parts = path.split("/"); // "", "v1", "experiments", id, action
        if (path.equals("/v1/models")) {
            send(exchange, 200, models());
        } else if (path.equals("/v1/experiments") && method.equals("POST")) {
            create(exchange, (ObjectNode) body);
        } else if (path.equals("/v1/experiments") && method.equals("GET")) {
            list(exchange, query);
        } else if (parts.length >= 4 && parts[2].equals("experiments")) {
            ObjectNode experiment = experiments.get(UUID.fromString(parts[3]));
            if (experiment == null) {
                problem(exchange, 404, "no experiment with id '" + parts[3] + "'");
            } else {
                lifecycle(exchange, method, parts.length > 4 ? parts[4] : "", experiment);
            }
        } else {
            problem(exchange, 404, "no such path " + path);
        }
    }

    private void create(HttpExchange exchange, ObjectNode request) throws IOException {
        String key = !request.path("idempotencyKey").isString() ? null
                : (request.path("owner").isString() ? request.get("owner").asString() : "") + "|"
                        + request.get("idempotencyKey").asString();
        if (key != null && idempotencyKeys.containsKey(key)) {
            UUID existing = idempotencyKeys.get(key);
            if (!requests.get(existing).equals(request)) {
                problem(exchange, 409, "Idempotency-Key: already used for a different experiment");
                return;
            }
            send(exchange, 200, experiments.get(existing));
            return;
        }
        UUID id = UUID.randomUUID();
        // the view cka-service answers: the plan with its defaults, through the shared contract
        ExperimentPlan plan = json.treeToValue(request, ExperimentPlan.class);
        ObjectNode view = json.valueToTree(ExperimentView.of(id, plan, ExperimentStatus.PENDING,
                Instant.parse("2026-01-01T00:00:00Z")));
        Map<UUID, ObjectNode> newestFirst = new LinkedHashMap<>();
        newestFirst.put(id, view);
        newestFirst.putAll(experiments);
        experiments.clear();
        experiments.putAll(newestFirst);
        requests.put(id, request);
        if (key != null) {
            idempotencyKeys.put(key, id);
        }
        send(exchange, 201, view);
    }

    /** Filters as contract A says; the cursor is simply the index of the next experiment. */
    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode experiment : experiments.values()) {
            boolean status = !query.containsKey("status")
                    || query.get("status").equals(experiment.get("status").asString());
            boolean readable = !query.containsKey("readableBy")
                    || experiment.get("visibility").asString().equals("public")
                    || experiment.path("owner").isString()
                    && query.get("readableBy").equals(experiment.get("owner").asString());
            boolean model = !query.containsKey("model") || experiment.toString().contains(
                    "\"" + query.get("model") + "\"");
            if (status && readable && model) {
                matching.add(experiment);
            }
        }
        int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
        int limit = Integer.parseInt(query.get("limit"));
        int to = Math.min(matching.size(), from + limit);
        ObjectNode page = json.createObjectNode();
        page.putArray("experiments").addAll(matching.subList(from, to));
        page.put("nextCursor", to < matching.size() ? Integer.toString(to) : null);
        send(exchange, 200, page);
    }

    private void lifecycle(HttpExchange exchange, String method, String action, ObjectNode experiment)
            throws IOException {
        String status = experiment.get("status").asString();
        switch (method + " " + action) {
            case "GET " -> send(exchange, 200, experiment);
            case "POST cancel" -> {
                if (FINISHED.contains(status)) {
                    problem(exchange, 409, "experiment is already " + status);
                } else {
                    experiment.put("status", "CANCELLED");
                    send(exchange, 200, experiment);
                }
            }
            case "POST rerun" -> {
                if (!status.equals("FAILED") && !status.equals("CANCELLED")) {
                    problem(exchange, 409, "only FAILED or CANCELLED experiments can be re-run; it is " + status);
                } else {
                    experiment.put("status", "PENDING").put("runs", experiment.get("runs").asInt() + 1);
                    send(exchange, 200, experiment);
                }
            }
            case "DELETE " -> {
                if (!FINISHED.contains(status)) {
                    problem(exchange, 409, "experiment is " + status + "; cancel it first");
                } else {
                    experiments.remove(UUID.fromString(experiment.get("id").asString()));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                }
            }
            default -> problem(exchange, 405, "not supported: " + method + " " + action);
        }
    }

    private ArrayNode models() {
        ArrayNode models = json.createArrayNode();
        models.addObject().put("id", "small").put("numLayers", 6).put("loaded", false).put("usable", true);
        models.addObject().put("id", "deep").put("numLayers", 12).put("loaded", false).put("usable", true);
        return models;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private void problem(HttpExchange exchange, int status, String detail) throws IOException {
        ObjectNode problem = json.createObjectNode().put("status", status).put("title", "problem")
                .put("detail", detail);
        write(exchange, status, "application/problem+json", json.writeValueAsBytes(problem));
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        write(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void write(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
