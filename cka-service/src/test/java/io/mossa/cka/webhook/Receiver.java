package io.mossa.cka.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a free port of 127.0.0.1: records every request and answers each with the next scripted
 * reply (then 204s).
 */
final class Receiver implements AutoCloseable {

    record Received(String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A scripted reply: status, an optional header and a delay before answering. */
    record Reply(int status, String header, String value, long delayMillis) {

        static Reply status(int status) {
            return new Reply(status, null, null, 0);
        }
    }

    final List<Received> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final HttpServer server;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Receiver then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    List<Received> at(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Reply reply = script.poll();
            if (reply == null) {
                reply = Reply.status(204);
            }
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (reply.header() != null) {
                exchange.getResponseHeaders().set(reply.header(), reply.value());
            }
            answered.incrementAndGet();
            exchange.sendResponseHeaders(reply.status(), -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
