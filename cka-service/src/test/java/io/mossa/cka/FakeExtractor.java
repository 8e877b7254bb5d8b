package io.mossa.cka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mossa.tensor.npy.NpyWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the extractor service on 127.0.0.1 (random port), serving deterministic synthetic
 * activations as float32 NPY [layers, inputs, dim]:
 * <ul>
 * <li>{@code m-ctl}: Gaussian vectors (dim 5) seeded by (text, layer) - the control model;</li>
 * <li>{@code m-exp}: 2.5 * Q_layer applied to m-ctl's vector, Q_layer orthogonal: CKA 1 with m-ctl per layer;</li>
 * <li>{@code m-base}, {@code m-busy}: m-ctl's first two features plus independent noise, dim 7
 *     (m-busy answers 503 with Retry-After: 1 to its first request);</li>
 * <li>{@code m-bad} (and every id starting so): 400 problem+json (unknown model); {@code m-down}: 500
 *     problem+json every time.</li>
 * </ul>
 * Any other model id is served like {@code m-ctl}. With {@code chatTemplate: true} every text is first wrapped by
 * {@link #templated} (so templated prompts get other activations), as a real chat template would. {@code GET /v1/models/{id}} lists every model with revision
 * {@code rev-1} (changeable with {@link #setRevision}) except {@code m-bad*} (404). Requests are counted per
 * model and per (model, input text).
 */
public final class FakeExtractor {

    public static final int CTL_DIM = 5;
    public static final int BASE_DIM = 7;

    /** One activation request; chatTemplate and systemPrompt as sent (null when absent). */
    public record Call(String model, int inputs, List<Integer> layers, String pooling, Boolean chatTemplate,
            String systemPrompt) {
    }

    private volatile boolean outage;
    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requestsPerModel = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsPerInput = new ConcurrentHashMap<>();
    private final Map<String, String> revisions = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    public FakeExtractor() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/activations", this::activations);
        server.createContext("/v1/models/", this::model);
        // a thread per exchange: a request held at a gate must not stop the others
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-extractor");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests(String model) {
        return requestsPerModel.getOrDefault(model, new AtomicInteger()).get();
    }

    /** How many activation requests carried {@code text} for {@code model}. */
    public int requests(String model, String text) {
        return requestsPerInput.getOrDefault(model + "\u0000" + text, new AtomicInteger()).get();
    }

    /** Requests for {@code model} summed over {@code texts}. */
    public int requests(String model, List<String> texts) {
        return texts.stream().mapToInt(text -> requests(model, text)).sum();
    }

    /** While on, every request about a model whose id starts with {@code m-flaky} answers 503 (a restarting extractor). */
    public void setOutage(boolean on) {
        outage = on;
    }

    private boolean down(String model) {
        return outage && model.startsWith("m-flaky");
    }

    /** From now on, activation requests for {@code model} wait (at most 60 s) until {@link #open} is called. */
    public void hold(String model) {
        gates.put(model, new CountDownLatch(1));
    }

    /** Lets the requests held for {@code model} through, and every later one. */
    public void open(String model) {
        CountDownLatch gate = gates.remove(model);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The revision GET /v1/models/{model} lists from now on. */
    public void setRevision(String model, String revision) {
        revisions.put(model, revision);
    }

    private void model(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/v1/models/".length());
            if (id.startsWith("m-bad")) {
                problem(exchange, 404, "model '" + id + "' is not registered");
                return;
            }
            if (down(id)) {
                problem(exchange, 503, "extractor restarting");
                return;
            }
            byte[] bytes = json.writeValueAsBytes(Map.of("id", id, "usable", true,
                    "revision", revisions.getOrDefault(id, "rev-1")));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void activations(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            String model = body.get("model").asString();
            List<String> texts = new ArrayList<>();
            body.get("inputs").forEach(input -> texts.add(input.get("text").asString()));
            List<Integer> layers = new ArrayList<>();
            body.get("layers").forEach(layer -> layers.add(layer.asInt()));
            String pooling = body.get("pooling").asString();
            Boolean chatTemplate = body.has("chatTemplate") && !body.get("chatTemplate").isNull()
                    ? body.get("chatTemplate").asBoolean() : null;
            String systemPrompt = body.has("systemPrompt") && !body.get("systemPrompt").isNull()
                    ? body.get("systemPrompt").asString() : null;
            calls.add(new Call(model, texts.size(), layers, pooling, chatTemplate, systemPrompt));
            if (Boolean.TRUE.equals(chatTemplate)) {
                // the model reads the templated prompt: other text, other activations
                texts.replaceAll(text -> templated(text, systemPrompt));
            }
            int count = requestsPerModel.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
            for (String text : texts) {
                requestsPerInput.computeIfAbsent(model + "\u0000" + text, k -> new AtomicInteger()).incrementAndGet();
            }
            // counted, then held
            CountDownLatch gate = gates.get(model);
            if (gate != null) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept == null || !accept.contains("application/x-npy")) {
                problem(exchange, 406, "Accept must include application/x-npy");
                return;
            }
            if (down(model)) {
                problem(exchange, 503, "extractor restarting");
                return;
            }
            if (model.startsWith("m-bad")) {
                problem(exchange, 400, "model '" + model + "' is not loaded");
                return;
            }
            switch (model) {
                case "m-down" -> problem(exchange, 500, "GPU fell over");
                default -> {
                    if (model.equals("m-busy") && count == 1) {
                        exchange.getResponseHeaders().set("Retry-After", "1");
                        problem(exchange, 503, "queue full");
                        return;
                    }
                    int dim = dim(model);
                    float[] data = new float[layers.size() * texts.size() * dim];
                    for (int l = 0; l < layers.size(); l++) {
                        for (int i = 0; i < texts.size(); i++) {
                            float[] v = activation(model, texts.get(i), layers.get(l));
                            System.arraycopy(v, 0, data, (l * texts.size() + i) * dim, dim);
                        }
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    NpyWriter.writeFloat32(out, new int[] {layers.size(), texts.size(), dim}, data);
                    exchange.getResponseHeaders().set("Content-Type", "application/x-npy");
                    exchange.sendResponseHeaders(200, out.size());
                    exchange.getResponseBody().write(out.toByteArray());
                }
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        byte[] bytes = ("{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The text the fake's chat template makes of a prompt (null system prompt = the template's default). */
    public static String templated(String text, String systemPrompt) {
        return "[INST] <<SYS>>" + (systemPrompt == null ? "default system prompt" : systemPrompt) + "<</SYS>> " + text
                + " [/INST]";
    }

    public static int dim(String model) {
        return model.equals("m-base") || model.equals("m-busy") ? BASE_DIM : CTL_DIM;
    }

    /** The vector the fake serves for (model, text, layer); tests recompute expected CKA values from it. */
    public static float[] activation(String model, String text, int layer) {
        double[] ctl = gaussian(text.hashCode() * 31L + layer, CTL_DIM);
        float[] out;
        switch (model) {
            case "m-exp" -> {
                double[] q = orthogonal(1000 + layer, CTL_DIM);
                out = new float[CTL_DIM];
                for (int r = 0; r < CTL_DIM; r++) {
                    double s = 0;
                    for (int c = 0; c < CTL_DIM; c++) {
                        s += q[r * CTL_DIM + c] * ctl[c];
                    }
                    out[r] = (float) (2.5 * s);
                }
            }
            case "m-base", "m-busy" -> {
                double[] noise = gaussian(text.hashCode() * 17L + 7 * layer + 3, BASE_DIM);
                out = new float[BASE_DIM];
                for (int c = 0; c < BASE_DIM; c++) {
                    out[c] = (float) ((c < 2 ? ctl[c] : 0) + 0.7 * noise[c]);
                }
            }
            default -> {
                out = new float[CTL_DIM];
                for (int c = 0; c < CTL_DIM; c++) {
                    out[c] = (float) ctl[c];
                }
            }
        }
        return out;
    }

    private static double[] gaussian(long seed, int dim) {
        Random random = new Random(seed);
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /** Gram-Schmidt orthonormalisation of a seeded Gaussian matrix (rows), row-major dim x dim. */
    static double[] orthogonal(long seed, int dim) {
        double[] q = gaussian(seed, dim * dim);
        for (int r = 0; r < dim; r++) {
            for (int prev = 0; prev < r; prev++) {
                double dot = 0;
                for (int c = 0; c < dim; c++) {
                    dot += q[r * dim + c] * q[prev * dim + c];
                }
                for (int c = 0; c < dim; c++) {
                    q[r * dim + c] -= dot * q[prev * dim + c];
                }
            }
            double norm = 0;
            for (int c = 0; c < dim; c++) {
                norm += q[r * dim + c] * q[r * dim + c];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < dim; c++) {
                q[r * dim + c] /= norm;
            }
        }
        return q;
    }

    public void stop() {
        server.stop(0);
    }
}
