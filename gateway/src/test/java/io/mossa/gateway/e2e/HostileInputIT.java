package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bounded, seeded property-based fuzz of the three running services, as an outside client or attacker would
 * send requests: it walks each service's own OpenAPI document and sends, per operation, schema-valid requests and
 * mutated ones (wrong types, fractions, huge and infinite numbers, nulls in arrays, NUL and lone surrogates,
 * duplicate keys, unknown fields, garbage bodies and content types, odd Accept headers, odd path and query
 * values, malformed multipart and NPY uploads). Every answer must hold these properties: never a 5xx; every
 * error application/problem+json whose status member is the HTTP status; no Java class or package name or
 * file path in any body; and a JSON answer conforms to the schema the document gives for its status.
 *
 * <p>Reproducible: {@code -Dmossa.fuzz.seed=N} (default 13) and {@code -Dmossa.fuzz.requests=N} (default 1500).
 * A failure names the seed and the request.
 */
class HostileInputIT {

    private static final Path ROOT = Path.of(System.getProperty("mossa.root", ".."));
    private static final Path LOGS = Path.of("target", "it-logs", "hostile-input");
    private static final long SEED = Long.getLong("mossa.fuzz.seed", 13);
    private static final int REQUESTS = Integer.getInteger("mossa.fuzz.requests", 1500);
    private static final String ADMIN_KEY = System.getProperty("mossa.fuzz.admin-key",
            "hostile-input-admin-" + UUID.randomUUID());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A qualified Java name (io.mossa.x.Y, java.lang.Integer), a stack frame, or a file-system path. */
    private static final Pattern INTERNAL = Pattern.compile(
            "\\b(?:io\\.mossa|java|javax|jakarta|org\\.springframework|org\\.apache|tools\\.jackson|com\\.fasterxml)"
                    + "\\.[a-z]|\\.java:\\d|\\bat [a-z]+\\.[a-z]+\\.|(?:^|[\\s\"'(])/(?:work|tmp|home|root|usr|opt)/");

    private static ServiceProcess extractor;
    private static ServiceProcess cka;
    private static ServiceProcess gateway;

    /** The services' base URLs: gateway, cka-service, extractor-service. */
    private static List<String> urls;

    @BeforeAll
    static void startPlatform() throws Exception {
        String running = System.getProperty("mossa.fuzz.urls", "");
        if (!running.isBlank()) {
            // against a platform started by hand (./mossa up): gateway,cka,extractor base URLs and the admin key
            urls = List.of(running.split(","));
            return;
        }
        extractor = ServiceProcess.start("extractor-service",
                ROOT.resolve("extractor-service/target/extractor-service.jar"), LOGS);
        // its own embedded PostgreSQL, as an operator's first start would have
        cka = ServiceProcess.start("cka-service", ROOT.resolve("cka-service/target/cka-service.jar"), LOGS,
                "--mossa.extractor.url=" + extractor.url());
        extractor.awaitReady(Duration.ofMinutes(4));
        cka.awaitReady(Duration.ofMinutes(4));
        gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway/target/gateway.jar"), LOGS,
                "--mossa.gateway.extractor-url=" + extractor.url(), "--mossa.gateway.cka-url=" + cka.url(),
                "--mossa.gateway.admin-key=" + ADMIN_KEY);
        gateway.awaitReady(Duration.ofMinutes(4));
        urls = List.of(gateway.url(), cka.url(), extractor.url());
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void noRequestGetsA5xxAnUndocumentedAnswerOrAnInternalName() throws Exception {
        List<Target> targets = new ArrayList<>();
        for (String service : urls) {
            JsonNode document = JSON.readTree(send(HttpRequest.newBuilder(URI.create(service + "/v3/api-docs"))
                    .build()).body());
            document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    targets.add(new Target(service, document, path.getKey(), op.getKey(), op.getValue()));
                }
            }));
        }
        assertThat(targets).hasSizeGreaterThan(40);
        Random random = new Random(SEED);
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < REQUESTS && findings.size() < 20; i++) {
            Target target = targets.get(random.nextInt(targets.size()));
            // never delete what the other requests need to reach deep validation: the built-in task set and models
            Fuzzed request = fuzz(target, random);
            Answer response;
            try {
                response = request.send();
            } catch (java.io.IOException e) {
                findings.add(request.describe() + ": connection failed: " + e);
                continue;
            }
            String finding = check(target, response);
            if (finding != null) {
                findings.add("seed " + SEED + ", request " + i + ": " + request.describe() + " -> "
                        + response.statusCode() + ": " + finding);
            }
        }
        assertThat(findings).as("findings (reproduce with -Dmossa.fuzz.seed=%d)", SEED).isEmpty();
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                assertThat(service.logText()).doesNotContain("unexpected error, reference");
            }
        }
    }

    private record Target(String service, JsonNode document, String path, String method, JsonNode operation) {
    }

    /** What came back: status, Content-Type and body. */
    private record Answer(String method, int statusCode, String contentType, byte[] body) {
    }

    private record Fuzzed(String method, String url, Map<String, String> headers, byte[] body, String summary) {

        String describe() {
            return method + " " + (url.length() > 200 ? url.substring(0, 200) + "..." : url) + " " + headers + " "
                    + summary;
        }

        /** Through HttpClient; a URL it refuses to send (raw '[' or '%zz') goes over a plain socket, as curl would. */
        Answer send() throws java.io.IOException, InterruptedException {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException notAUri) {
                return sendRaw();
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(method, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        }

        private Answer sendRaw() throws java.io.IOException {
            URI base = URI.create(url.substring(0, url.indexOf('/', "http://".length())));
            String target = url.substring(url.indexOf('/', "http://".length()));
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(60_000);
                StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost()
                        + ":" + base.getPort() + "\r\nConnection: close\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
                socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    socket.getOutputStream().write(body);
                }
                byte[] raw = socket.getInputStream().readAllBytes();
                String text = new String(raw, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                String[] lines = text.substring(0, Math.max(0, end)).split("\r\n");
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                String contentType = "";
                boolean chunked = false;
                for (String line : lines) {
                    if (line.toLowerCase().startsWith("content-type:")) {
                        contentType = line.substring("content-type:".length()).strip();
                    }
                    chunked |= line.toLowerCase().startsWith("transfer-encoding:") && line.contains("chunked");
                }
                byte[] payload = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
                return new Answer(method, status, contentType, chunked ? dechunk(payload) : payload);
            }
        }

        private static byte[] dechunk(byte[] payload) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String text = new String(payload, StandardCharsets.ISO_8859_1);
            int at = 0;
            while (at < text.length()) {
                int lineEnd = text.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                out.writeBytes(java.util.Arrays.copyOfRange(payload, lineEnd + 2, lineEnd + 2 + size));
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }
    }

    // ---------------------------------------------------------------- requests

    private static Fuzzed fuzz(Target target, Random random) {
        boolean mutate = random.nextInt(4) != 0;
        StringBuilder path = new StringBuilder();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters(target)) {
            String name = parameter.path("name").asString();
            String in = parameter.path("in").asString();
            JsonNode schema = resolve(target.document(), parameter.path("schema"));
            if (in.equals("query") && (parameter.path("required").asBoolean(false) || random.nextBoolean())) {
                String value = mutate && random.nextInt(3) == 0 ? oddQueryValue(random)
                        : encode(scalarText(instance(target.document(), schema, random, 0)));
                query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(value);
            }
        }
        if (mutate && random.nextInt(8) == 0) {
            query.append(query.isEmpty() ? "?" : "&").append(oddQueryValue(random)).append("=1");
        }
        String template = target.path();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                path.append(template, at, template.length());
                break;
            }
            path.append(template, at, open);
            int close = template.indexOf('}', open);
            path.append(mutate && random.nextInt(3) == 0 ? oddPathSegment(random) : plausibleId(template.substring(
                    open + 1, close), random));
            at = close + 1;
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (random.nextInt(5) != 0) {
            headers.put("X-API-Key", ADMIN_KEY);
        }
        if (mutate && random.nextInt(6) == 0) {
            headers.put("Accept", pick(random, "garbage", "text/csv", "image/png", "application/xml", "*/*",
                    "application/json;q=0", "text/html,application/xhtml+xml"));
        }
        String summary = "";
        byte[] body = null;
        JsonNode content = target.operation().path("requestBody").path("content");
        if (content.isObject() && !content.isEmpty()) {
            String mediaType = content.propertyNames().iterator().next();
            byte[] bytes;
            String contentType = mediaType;
            if (mediaType.startsWith("multipart/")) {
                String boundary = "fuzz" + random.nextInt(1_000_000);
                contentType = "multipart/form-data; boundary=" + boundary;
                bytes = multipart(boundary, random, mutate);
                summary = "multipart " + bytes.length + " bytes";
            } else if (mediaType.contains("json") && !mediaType.contains("ndjson")) {
                JsonNode schema = resolve(target.document(), content.path(mediaType).path("schema"));
                String text = instance(target.document(), schema, random, 0).toString();
                if (mutate) {
                    text = mutateJson(text, target.document(), schema, random);
                }
                bytes = text.getBytes(StandardCharsets.UTF_8);
                summary = text.length() > 300 ? text.substring(0, 300) + "..." : text;
            } else {
                String text = pick(random, "{\"prompt\":\"a\",\"label\":\"b\"}\n", "prompt,label\na,b\n",
                        "\u0000\u0001", "{\"prompt\":\"a\\u0000\"}\n", "prompt\n\"unclosed\n", "");
                bytes = text.getBytes(StandardCharsets.UTF_8);
                summary = text;
            }
            if (mutate && random.nextInt(8) == 0) {
                contentType = pick(random, "multipart/form-data", "multipart/form-data; boundary=x", "text/plain",
                        "application/json", "garbage", "application/x-www-form-urlencoded");
            }
            headers.put("Content-Type", contentType);
            body = bytes;
        } else if (mutate && random.nextInt(6) == 0) {
            headers.put("Content-Type", "application/json");
            body = "{\"unexpected\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
            summary = "unexpected body";
        }
        String method = mutate && random.nextInt(25) == 0 ? pick(random, "TRACE", "PATCH", "OPTIONS", "HEAD")
                : target.method().toUpperCase();
        return new Fuzzed(method, target.service() + path + query, headers, body, summary);
    }

    private static Iterable<JsonNode> parameters(Target target) {
        List<JsonNode> all = new ArrayList<>();
        target.operation().path("parameters").forEach(all::add);
        return all;
    }

    private static String plausibleId(String name, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> name.toLowerCase().contains("version") ? "1" : "demo";
            case 2 -> "all-minilm-l6-v2";
            default -> name.equals("file") ? pick(random, "curves.svg", "heatmap.png", "x.svg") : "x";
        };
    }

    private static String oddPathSegment(Random random) {
        return pick(random, "%00", "%2F", "a%2Fb", "..", "%2E%2E", "%zz", "%C3%28", "%ED%A0%80", "x".repeat(3000),
                "%E2%82%AC", "-1", "99999999999999999999", "1.5", "%20", "null", "[]", "%5B%5D", ";a=b", "a%5Cb");
    }

    private static String oddQueryValue(Random random) {
        return pick(random, "%00", "%zz", "%", "%ED%A0%80", "%C3%28", "1e400", "-1", "2147483648", "NaN", "Infinity",
                "1.9", "true", "%5B%5D", "a%26b%3Dc", "x".repeat(5000), "0x10", "", "%EF%BF%BF", "-0", "1e-200");
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String scalarText(JsonNode node) {
        return node.isValueNode() ? node.asString() : node.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** A schema-valid value, as far as the schema says: enums, defaults and examples first, then types. */
    private static JsonNode instance(JsonNode document, JsonNode schema, Random random, int depth) {
        schema = resolve(document, schema);
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        if (schema.has("example") && random.nextBoolean()) {
            return schema.get("example");
        }
        if (schema.has("default") && random.nextBoolean()) {
            return schema.get("default");
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                return instance(document, schema.get(combinator).get(0), random, depth);
            }
        }
        String type = typeOf(schema);
        if (depth > 6) {
            return NODES.nullNode();
        }
        switch (type) {
            case "integer":
                return NODES.numberNode(random.nextInt(8));
            case "number":
                return NODES.numberNode(random.nextDouble());
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    array.add(instance(document, schema.path("items"), random, depth + 1));
                }
                return array;
            }
            case "object": {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(property -> {
                    if (random.nextInt(3) != 0) {
                        object.set(property.getKey(), instance(document, property.getValue(), random, depth + 1));
                    }
                });
                return object;
            }
            default:
                return NODES.stringNode(pick(random, "demo", "all-minilm-l6-v2", "fuzz", "mean", "x"));
        }
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 20) {
            String ref = schema.get("$ref").asString();
            schema = document.at(ref.substring(1));
        }
        return schema == null ? NODES.objectNode() : schema;
    }

    /** One hostile change to an otherwise plausible JSON body. */
    private static String mutateJson(String text, JsonNode document, JsonNode schema, Random random) {
        JsonNode tree = JSON.readTree(text);
        JsonNode odd = pick(random, NODES.stringNode("a\u0000b"), NODES.numberNode(2147483648L),
                NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(1.9), NODES.nullNode(),
                NODES.booleanNode(true), NODES.numberNode(-1), NODES.stringNode("x".repeat(30_000)),
                NODES.arrayNode().addNull(), NODES.objectNode(), NODES.stringNode("\uD800"),
                NODES.numberNode(new java.math.BigDecimal("1e-200")), NODES.numberNode(Long.MIN_VALUE));
        switch (random.nextInt(9)) {
            case 0:
                return pick(random, "", "{", "[]", "null", "42", "\"text\"", "{\"a\":1}{\"b\":2}", "\u0000",
                        "{\"a\":\"\\ud800\"}", "{'single': 1}", "\uFEFF{}");
            case 1:
                if (tree.isObject() && !tree.isEmpty()) {
                    String first = tree.propertyNames().iterator().next();
                    String duplicate = ",\"" + first + "\":" + tree.get(first);
                    return text.substring(0, text.length() - 1) + duplicate + "}";
                }
                return text;
            case 2:
                if (tree.isObject()) {
                    ((ObjectNode) tree).put("unknownField" + random.nextInt(10), 1);
                }
                return tree.toString();
            default:
                List<ObjectNode> objects = new ArrayList<>();
                collectObjects(tree, objects);
                if (objects.isEmpty()) {
                    return odd.toString();
                }
                ObjectNode target = objects.get(random.nextInt(objects.size()));
                List<String> names = new ArrayList<>();
                target.propertyNames().forEach(names::add);
                JsonNode properties = schema.path("properties");
                properties.propertyNames().forEach(name -> {
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                });
                String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
                String json = odd.toString();
                if (odd.isString() && odd.asString().equals("\uD800")) {
                    json = "\"\\ud800\"";
                }
                target.set(name, NODES.stringNode("__ODD__"));
                return tree.toString().replace("\"__ODD__\"", json);
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (JsonNode child : node) {
            collectObjects(child, objects);
        }
    }

    private static byte[] multipart(String boundary, Random random, boolean mutate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (mutate && random.nextInt(3) == 0) {
            out.writeBytes(pick(random, "garbage", "--" + boundary + "\r\nContent-Disposition: form-data\r\n\r\nx",
                    "--" + boundary + "--", "").getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
        for (String part : List.of("x", "y")) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part
                    + "\"; filename=\"" + part + ".npy\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(npy(random, mutate));
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A float64 NPY array of shape (layers, n, p), or one with a hostile header. */
    private static byte[] npy(Random random, boolean mutate) {
        int layers = 1 + random.nextInt(2);
        int n = 4 + random.nextInt(4);
        int p = 2 + random.nextInt(3);
        String shape = "(" + layers + ", " + n + ", " + p + ")";
        String descr = "<f8";
        if (mutate && random.nextInt(2) == 0) {
            shape = pick(random, "(2147483647, 2147483647, 2147483647)", "(-1, 2, 3)", "()", "(0, 0, 0)",
                    "(1, 100000000, 100000000)", "(x)");
            descr = pick(random, descr, "<i4", "|O", "<f2", ">f8");
        }
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (padded.length() & 0xff),
                (byte) (padded.length() >> 8)});
        out.writeBytes(padded.toString().getBytes(StandardCharsets.ISO_8859_1));
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(layers * n * p * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            data.putDouble(mutate && random.nextInt(50) == 0 ? Double.NaN : random.nextGaussian() * 1e3);
        }
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- properties of the answers

    /** What is wrong with the answer, or null. */
    private static String check(Target target, Answer response) {
        int status = response.statusCode();
        String contentType = response.contentType();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            return "server error: " + abbreviate(body);
        }
        if (INTERNAL.matcher(body).find() && !contentType.startsWith("image/")) {
            return "internal name in body: " + abbreviate(body);
        }
        if (status >= 400 && !response.method().equals("HEAD")) { // a HEAD answer has no body by definition
            if (!contentType.startsWith("application/problem+json")) {
                return "error answered as '" + contentType + "', not application/problem+json: " + abbreviate(body);
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(body);
            } catch (RuntimeException e) {
                return "problem body is not JSON: " + abbreviate(body);
            }
            if (problem.path("status").asInt() != status) {
                return "problem status member " + problem.path("status") + " is not the HTTP status";
            }
            if (!problem.path("detail").isString() || problem.path("detail").asString().isBlank()) {
                return "problem without a detail: " + abbreviate(body);
            }
        }
        if (status == 405 || status == 406 || status == 415 || status == 413 || response.body().length == 0) {
            return null; // answered by the framework before the operation, documented globally (docs/errors.md)
        }
        JsonNode documented = target.operation().path("responses").path(String.valueOf(status));
        if (documented.isMissingNode()) {
            documented = target.operation().path("responses").path("default");
        }
        if (documented.isMissingNode()) {
            return "status " + status + " is not documented for " + target.method() + " " + target.path();
        }
        if (contentType.contains("json") && response.body().length > 0) {
            String type = contentType.split(";")[0].strip();
            JsonNode media = documented.path("content").path(type);
            if (media.isMissingNode() && type.equals("application/json")) {
                media = documented.path("content").path("*/*");
            }
            if (media.isMissingNode()) {
                return "content type " + type + " is not documented for " + status;
            }
            JsonNode schema = media.path("schema");
            if (!schema.isMissingNode()) {
                String mismatch = conforms(target.document(), JSON.readTree(body), schema, "");
                if (mismatch != null) {
                    return "answer does not match the documented schema: " + mismatch;
                }
            }
        }
        return null;
    }

    /** A small JSON Schema check (type, nullability, required, properties, items, enum, $ref, one/any/allOf). */
    private static String conforms(JsonNode document, JsonNode value, JsonNode schema, String where) {
        schema = resolve(document, schema);
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                for (JsonNode option : schema.get(combinator)) {
                    if (conforms(document, value, option, where) == null) {
                        return null;
                    }
                }
                return where + ": matches none of " + combinator;
            }
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) {
                String mismatch = conforms(document, value, part, where);
                if (mismatch != null) {
                    return mismatch;
                }
            }
        }
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        if (schema.path("nullable").asBoolean(false)) {
            types.add("null");
        }
        if (!types.isEmpty() && types.stream().noneMatch(t -> is(value, t))) {
            return where + ": " + kind(value) + " where the schema says " + types;
        }
        if (value.isNull()) {
            return null;
        }
        if (schema.has("enum") && value.isValueNode()) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.asString().equals(value.asString());
            }
            if (!listed) {
                return where + ": " + value + " is not one of " + schema.get("enum");
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asString())) {
                    return where + ": required member '" + required.asString() + "' is missing";
                }
            }
            Iterator<Map.Entry<String, JsonNode>> members = value.properties().iterator();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                JsonNode property = schema.path("properties").path(member.getKey());
                if (!property.isMissingNode()) {
                    String mismatch = conforms(document, member.getValue(), property, where + "." + member.getKey());
                    if (mismatch != null) {
                        return mismatch;
                    }
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                String mismatch = conforms(document, value.get(i), schema.get("items"), where + "[" + i + "]");
                if (mismatch != null) {
                    return mismatch;
                }
            }
        }
        return null;
    }

    private static boolean is(JsonNode value, String type) {
        return switch (type) {
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> true;
        };
    }

    private static String kind(JsonNode value) {
        return value.isNull() ? "null" : value.getNodeType().name().toLowerCase();
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
