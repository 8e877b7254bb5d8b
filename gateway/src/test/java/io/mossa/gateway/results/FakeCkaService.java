package io.mossa.gateway.results;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.experiment.ExperimentResults;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for cka-service on 127.0.0.1 (random port) serving the experiments put into it: GET
 * /v1/experiments/{id} and /v1/experiments/{id}/results as JSON, 404 problem+json for any other id. Like
 * cka-service, results answer 404 for a private experiment of another owner when readableBy is given.
 */
final class FakeCkaService implements AutoCloseable {

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<UUID, ExperimentView> experiments = new ConcurrentHashMap<>();
    private final Map<UUID, ExperimentResults> results = new ConcurrentHashMap<>();
    private final Map<UUID, String> rawResults = new ConcurrentHashMap<>();

    FakeCkaService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/experiments/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void put(ExperimentView experiment, ExperimentResults experimentResults) {
        experiments.put(experiment.id(), experiment);
        results.put(experiment.id(), experimentResults);
    }

    /** Results as the given JSON text, verbatim: answers of other cka-service versions. */
    void putRaw(ExperimentView experiment, String resultsJson) {
        experiments.put(experiment.id(), experiment);
        rawResults.put(experiment.id(), resultsJson);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // "", "v1", "experiments", id [, "results"]
        UUID id = UUID.fromString(parts[3]);
        if (parts.length > 4 && rawResults.containsKey(id)) {
            send(exchange, 200, "application/json", rawResults.get(id));
            return;
        }
        Object body = parts.length > 4 ? results.get(id) : experiments.get(id);
        String readableBy = readableBy(exchange.getRequestURI().getRawQuery());
        ExperimentView experiment = experiments.get(id);
        if (parts.length > 4 && readableBy != null && experiment != null
                && !experiment.access().readableBy(readableBy, false)) {
            body = null;
        }
        if (body == null) {
            send(exchange, 404, "application/problem+json",
                    "{\"status\":404,\"title\":\"Not found\",\"detail\":\"no experiment " + id + "\"}");
        } else {
            send(exchange, 200, "application/json", json.writeValueAsString(body));
        }
    }

    private static String readableBy(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("readableBy=")) {
                return java.net.URLDecoder.decode(pair.substring("readableBy=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
