package io.mossa.cka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on embedded PostgreSQL with its extractor replaced by {@link FakeExtractor}. All
 * subclasses share one application context (same configuration), so PostgreSQL starts once per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mossa.cka.workers=1",
        "mossa.cka.extract-batch=4",
        "mossa.cka.poll-interval=50ms",
        "mossa.cka.extractor-retries=2",
        "mossa.cka.retry-backoff=10ms",
        "mossa.cka.retry-max-delay=2s",
        "mossa.cka.lease-seconds=30",
        // an extractor still unavailable after its retries fails the experiment at once, unless a test says otherwise
        "mossa.cka.outage-timeout=0s",
        "mossa.cka.defer-delay=100ms",
        // the results views' reader may log in, as docker compose configures it
        "mossa.results.reader-password=" + AbstractServiceTest.RESULTS_READER_PASSWORD})
public abstract class AbstractServiceTest {

    protected static final String RESULTS_READER_PASSWORD = "reader-secret-with-'quote";
    protected static final FakeExtractor EXTRACTOR;
    /** A fresh activation cache per test JVM, so no run reuses another's entries. */
    protected static final java.nio.file.Path CACHE_DIR;
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        try {
            EXTRACTOR = new FakeExtractor();
            CACHE_DIR = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "activation-cache-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void extractor(DynamicPropertyRegistry registry) {
        registry.add("mossa.extractor.url", EXTRACTOR::url);
        registry.add("mossa.cka.activation-cache.dir", CACHE_DIR::toString);
    }

    protected record Response(int status, String contentType, String location, JsonNode body, String text) {
    }

    protected Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    protected Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).DELETE().build());
    }

    /** A multipart/form-data POST with one file part per entry (name -> bytes, sent as application/x-npy). */
    protected Response postMultipart(String pathAndQuery, java.util.Map<String, byte[]> parts) {
        String boundary = "mossa-test-boundary-7d1";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (var part : parts.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey()
                    + "\"; filename=\"" + part.getKey() + ".npy\"\r\nContent-Type: application/x-npy\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.writeBytes(part.getValue());
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    protected static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = null;
            if (type.contains("json") && !type.contains("ndjson") && !response.body().isEmpty()) {
                body = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), type, response.headers().firstValue("Location").orElse(null),
                    body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
