package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * A body over this service's limit is a 413 problem naming the property, also for a client that sends the whole
 * body before it reads the answer, as Java's HttpClient (the gateway's) does: the body is read to its end before
 * the answer, so the client sees the 413, not a reset connection (which the gateway would report as a 503).
 */
class RequestBodyLimitTest extends AbstractServiceTest {

    /** 16 MiB is mossa.cka.max-request-bytes by default; 24 MiB passes it. */
    private static final byte[] OVERSIZED = new byte[24 << 20];

    static {
        Arrays.fill(OVERSIZED, (byte) ' ');
    }

    @Test
    void aDeclaredLengthOverTheLimitIsA413NamingTheProperty() {
        Response response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OVERSIZED)).build());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().get("property").asString()).isEqualTo("mossa.cka.max-request-bytes");
        assertThat(response.body().get("limitBytes").asLong()).isEqualTo(16L << 20);
        assertThat(response.body().get("detail").asString()).isEqualTo("request body of " + OVERSIZED.length
                + " bytes exceeds the limit of 16777216 bytes (mossa.cka.max-request-bytes)");
    }

    @Test
    void aChunkedBodyThatPassesTheLimitIsA413NamingTheProperty() {
        // no Content-Length: the limit is found while the body is read
        Response response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(OVERSIZED))).build());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().get("property").asString()).isEqualTo("mossa.cka.max-request-bytes");
        assertThat(response.body().get("detail").asString())
                .isEqualTo("request body exceeds the limit of 16777216 bytes (mossa.cka.max-request-bytes)");
    }
}
