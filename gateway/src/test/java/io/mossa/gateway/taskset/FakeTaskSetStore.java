package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for cka-service's internal task-set API (/v1/task-sets) on 127.0.0.1, in memory, with the same rules
 * as the real store (tested against PostgreSQL in cka-service): numbered versions, an equal document answers the
 * latest version with 200, a stale basedOn is a 409, an upload is applied to the latest version and stores nothing
 * unless its end line arrived. {@link #beforeNextEdit} lets a test store another version between the gateway's read
 * and its write, as a concurrent client would.
 */
final class FakeTaskSetStore implements AutoCloseable {

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, List<ObjectNode>> versions = new TreeMap<>();
    private Runnable beforeNextEdit;

    FakeTaskSetStore() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/task-sets", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void beforeNextEdit(Runnable action) {
        beforeNextEdit = action;
    }

    /** Stores a version directly, as another client of the store would. */
    synchronized int store(String id, JsonNode document) {
        List<ObjectNode> list = versions.computeIfAbsent(id, k -> new ArrayList<>());
        ObjectNode view = json.createObjectNode();
        view.put("id", id).put("version", list.size() + 1).put("createdAt", Instant.now().toString());
        view.set("document", document);
        list.add(view);
        return list.size();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // "", "v1", "task-sets" [, id [, "versions" [, version]]]
        String id = parts.length > 3 ? parts[3] : null;
        List<ObjectNode> list = id == null ? null : versions.get(id);
        if ("POST".equals(exchange.getRequestMethod()) && parts.length == 5 && parts[4].equals("uploads")) {
            upload(exchange, id);
            return;
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            JsonNode request = json.readTree(exchange.getRequestBody());
            JsonNode basedOn = request.get("basedOn");
            if (basedOn != null && !basedOn.isNull() && beforeNextEdit != null) {
                Runnable action = beforeNextEdit;
                beforeNextEdit = null;
                action.run();
                list = versions.get(id);
            }
            int latest = list == null ? 0 : list.size();
            if (basedOn != null && !basedOn.isNull() && basedOn.asInt() != latest) {
                send(exchange, 409, problem(409, "task set '" + id + "' is at version " + latest));
                return;
            }
            if (latest > 0 && list.get(latest - 1).get("document").equals(request.get("document"))) {
                send(exchange, 200, summary(list.get(latest - 1)));
                return;
            }
            int version = store(id, request.get("document"));
            send(exchange, 201, summary(versions.get(id).get(version - 1)));
            return;
        }
        if (id == null) {
            List<JsonNode> all = new ArrayList<>();
            versions.values().forEach(v -> all.add(summary(v.get(v.size() - 1))));
            send(exchange, 200, all);
        } else if (list == null) {
            send(exchange, 404, problem(404, "no task set '" + id + "'"));
        } else if (parts.length == 4) {
            send(exchange, 200, list.get(list.size() - 1));
        } else if (parts.length == 5 && parts[4].equals("heads")) {
            send(exchange, 200, heads(list.get(list.size() - 1)));
        } else if (parts.length == 5) {
            send(exchange, 200, list.stream().map(this::summary).toList());
        } else if (parts.length == 9) {
            rows(exchange, list, Integer.parseInt(parts[5]), parts[7]);
        } else {
            int version = Integer.parseInt(parts[5]);
            if (version < 1 || version > list.size()) {
                send(exchange, 404, problem(404, "task set '" + id + "' has no version " + version));
            } else {
                send(exchange, 200, list.get(version - 1));
            }
        }
    }

    /** Applies an upload's rows to the latest version, as cka-service does (rebased, if another was stored). */
    private void upload(HttpExchange exchange, String id) throws IOException {
        if (beforeNextEdit != null) {
            Runnable action = beforeNextEdit;
            beforeNextEdit = null;
            action.run();
        }
        List<ObjectNode> list = versions.get(id);
        if (list == null) {
            send(exchange, 404, problem(404, "no task set '" + id + "'"));
            return;
        }
        ObjectNode latest = list.get(list.size() - 1);
        ObjectNode document = (ObjectNode) latest.get("document").deepCopy();
        Map<String, List<JsonNode>> uploaded = new java.util.LinkedHashMap<>();
        boolean ended = false;
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode entry = json.readTree(line);
            if (entry.has("end")) {
                ended = true;
            } else {
                uploaded.computeIfAbsent(entry.get("task").asString(), k -> new ArrayList<>()).add(entry.get("row"));
            }
        }
        if (!ended) {
            send(exchange, 400, problem(400, "body: the upload ended without its end line"));
            return;
        }
        ObjectNode result = json.createObjectNode().put("id", id).put("basedOn", latest.get("version").asInt());
        var tasks = result.putArray("tasks");
        long rows = 0;
        long bytes = 0;
        for (JsonNode task : document.get("tasks")) {
            List<JsonNode> replacement = uploaded.get(task.get("name").asString());
            if (replacement != null) {
                var examples = ((ObjectNode) task).putArray("examples");
                replacement.forEach(examples::add);
                long size = bytesOf(examples);
                tasks.addObject().put("name", task.get("name").asString()).put("rows", replacement.size())
                        .put("bytes", size);
                rows += replacement.size();
                bytes += size;
            }
        }
        result.put("rows", rows).put("bytes", bytes);
        boolean same = document.equals(latest.get("document"));
        int version = same ? list.size() : store(id, document);
        result.put("version", version).put("created", !same);
        send(exchange, same ? 200 : 201, result);
    }

    private void rows(HttpExchange exchange, List<ObjectNode> list, int version, String task) throws IOException {
        if (version < 1 || version > list.size()) {
            send(exchange, 404, problem(404, "no version " + version));
            return;
        }
        Map<String, Long> query = new TreeMap<>();
        String raw = exchange.getRequestURI().getQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=");
            query.put(kv[0], Long.parseLong(kv[1]));
        }
        long offset = query.getOrDefault("offset", 0L);
        long end = offset + query.getOrDefault("limit", Long.MAX_VALUE - offset);
        StringBuilder out = new StringBuilder();
        for (JsonNode t : list.get(version - 1).get("document").get("tasks")) {
            if (t.get("name").asString().equals(task)) {
                JsonNode rows = t.has("examples") ? t.get("examples") : t.get("prompts");
                for (int i = 0; i < rows.size(); i++) {
                    if (i >= offset && i < end) {
                        out.append(json.writeValueAsString(rows.get(i))).append('\n');
                    }
                }
                byte[] bytes = out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
                exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(bytes);
                }
                return;
            }
        }
        send(exchange, 404, problem(404, "no task '" + task + "'"));
    }

    private long bytesOf(JsonNode rows) {
        long bytes = 0;
        for (JsonNode row : rows) {
            bytes += json.writeValueAsBytes(row).length;
        }
        return bytes;
    }

    private JsonNode heads(ObjectNode view) {
        ObjectNode heads = json.createObjectNode();
        heads.put("id", view.get("id").asString()).put("version", view.get("version").asInt())
                .put("createdAt", view.get("createdAt").asString())
                .put("description", view.get("document").path("description").asString(null));
        var tasks = heads.putArray("tasks");
        for (JsonNode task : view.get("document").get("tasks")) {
            ObjectNode head = tasks.addObject().put("name", task.get("name").asString())
                    .put("cluster", task.get("cluster").asString())
                    .put("heldOut", task.path("heldOut").asBoolean(false));
            if (task.has("templates")) {
                head.set("templates", task.get("templates"));
            }
            JsonNode rows = task.has("examples") ? task.get("examples") : task.get("prompts");
            head.put("rows", rows.size()).put("bytes", bytesOf(rows));
        }
        return heads;
    }

    private JsonNode summary(ObjectNode view) {
        ObjectNode summary = json.createObjectNode();
        summary.put("id", view.get("id").asString()).put("version", view.get("version").asInt())
                .put("createdAt", view.get("createdAt").asString())
                .put("description", view.get("document").path("description").asString(null));
        var heads = summary.putArray("tasks");
        for (JsonNode task : view.get("document").get("tasks")) {
            heads.addObject().put("name", task.get("name").asString()).put("cluster", task.get("cluster").asString())
                    .put("heldOut", task.path("heldOut").asBoolean(false));
        }
        return summary;
    }

    private static Map<String, Object> problem(int status, String detail) {
        return Map.of("status", status, "title", "Problem", "detail", detail);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
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
