package io.mossa.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpServer;

import io.mossa.gateway.model.ModelInfo;
import io.mossa.web.problem.ApiProblem;

/**
 * A frozen extractor (one that accepts connections and never answers, as under SIGSTOP) costs a model-list read
 * one short timeout: 503 + Retry-After with no list yet, the last list once there is one, and no call at all
 * while a list is fresh.
 */
class ExtractorClientTest {

    private static final String MODELS = "[{\"id\":\"m\",\"format\":\"onnx\",\"numLayers\":6,\"loaded\":false,"
            + "\"usable\":true}]";

    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch thaw = new CountDownLatch(1);
    private volatile boolean frozen;
    private HttpServer server;

    @org.junit.jupiter.api.BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/v1/models", exchange -> {
            calls.incrementAndGet();
            if (frozen) {
                try {
                    thaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = MODELS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private ExtractorClient client(Duration ttl) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newHttpClient());
        factory.setReadTimeout(Duration.ofSeconds(2));
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .requestFactory(factory).build();
        return new ExtractorClient(http, http, ttl);
    }

    @AfterEach
    void stop() {
        thaw.countDown();
        server.stop(0);
    }

    @Test
    void withNoListYetAFrozenExtractorIsA503WithRetryAfter() {
        ExtractorClient extractor = client(Duration.ofMinutes(5));
        frozen = true;
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, extractor::models);
        assertThat(problem.getStatusCode().value()).isEqualTo(503);
        assertThat(problem.getHeaders().getFirst("Retry-After")).isNotBlank();
    }

    @Test
    void aFreshListIsServedWithoutAskingAndAStaleOneWhileTheExtractorIsFrozen() {
        ExtractorClient extractor = client(Duration.ofMinutes(5));
        assertThat(extractor.models()).extracting(ModelInfo::id).containsExactly("m");
        assertThat(extractor.models()).extracting(ModelInfo::id).containsExactly("m");
        assertThat(calls).hasValue(1);

        ExtractorClient expiring = client(Duration.ofNanos(1));
        assertThat(expiring.models()).extracting(ModelInfo::id).containsExactly("m");
        frozen = true;
        int before = calls.get();
        // the list has expired and the extractor does not answer: the last list, after one timed-out call
        assertThat(expiring.models()).extracting(ModelInfo::id).containsExactly("m");
        assertThat(calls.get()).isEqualTo(before + 1);
    }
}
