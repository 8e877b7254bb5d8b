package io.mossa.cka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mossa.cka.webhook.Receiver.Reply;

/** One attempt against a real HTTP receiver on 127.0.0.1, which the policy here allows unless a test says not. */
class WebhookSenderTest {

    private static final String SECRET = "whsec_test-secret-of-the-sender-test-0123456789";
    private static final String BODY = "{\"id\":\"e1\",\"type\":\"experiment.succeeded\",\"name\":\"Größe ✓\"}";

    private final Receiver receiver = new Receiver();
    private final WebhookSender sender = new WebhookSender(
            new AddressPolicy(List.of("127.0.0.1", "localhost"), List.of("127.0.0.0/8")),
            Duration.ofSeconds(2), Duration.ofMillis(500));

    WebhookSenderTest() throws Exception {
    }

    @AfterEach
    void close() throws Exception {
        sender.close();
        receiver.close();
    }

    @Test
    void postsTheBodyWithASignatureTheReceiverCanVerify() {
        UUID delivery = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        long before = Instant.now().getEpochSecond();
        SendResult result = sender.send(receiver.url("/hook"), SECRET, delivery, event, "experiment.succeeded", BODY);

        assertThat(result.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(204);
        Receiver.Received received = receiver.at("/hook").get(0);
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(received.header("Content-Type")).startsWith("application/json");
        String timestamp = received.header("X-Mossa-Timestamp");
        assertThat(Long.parseLong(timestamp)).isBetween(before, Instant.now().getEpochSecond());
        assertThat(received.header("X-Mossa-Signature"))
                .isEqualTo(ReferenceHmac.expectedSignature(SECRET, timestamp, BODY.getBytes(StandardCharsets.UTF_8)));
        assertThat(received.header("X-Mossa-Event")).isEqualTo("experiment.succeeded");
        assertThat(received.header("X-Mossa-Event-Id")).isEqualTo(event.toString());
        assertThat(received.header("X-Mossa-Delivery")).isEqualTo(delivery.toString());
        assertThat(received.header("User-Agent")).isEqualTo("MOSSA-Webhooks/1");
    }

    @Test
    void aLoopbackReceiverWithoutAnAllowedNetworkIsNeverContacted() throws Exception {
        try (WebhookSender strict = new WebhookSender(new AddressPolicy(List.of("*"), List.of()),
                Duration.ofSeconds(2), Duration.ofMillis(500))) {
            SendResult result = strict.send(receiver.url("/hook"), SECRET, UUID.randomUUID(), UUID.randomUUID(),
                    "experiment.failed", BODY);
            assertThat(result.outcome()).isEqualTo(AttemptOutcome.ADDRESS_DENIED);
            assertThat(result.error()).contains("127.0.0.1");
            SendResult byName = strict.send(receiver.url("/hook").replace("127.0.0.1", "localhost"), SECRET,
                    UUID.randomUUID(), UUID.randomUUID(), "experiment.failed", BODY);
            assertThat(byName.outcome()).isEqualTo(AttemptOutcome.ADDRESS_DENIED);
        }
        assertThat(receiver.requests).isEmpty();
    }

    @Test
    void aHostOffTheAllowListIsNeverContacted() throws Exception {
        try (WebhookSender listed = new WebhookSender(new AddressPolicy(List.of("hooks.example.org"),
                List.of("127.0.0.0/8")), Duration.ofSeconds(2), Duration.ofMillis(500))) {
            SendResult result = listed.send(receiver.url("/hook"), SECRET, UUID.randomUUID(), UUID.randomUUID(),
                    "experiment.failed", BODY);
            assertThat(result.outcome()).isEqualTo(AttemptOutcome.ADDRESS_DENIED);
        }
        assertThat(receiver.requests).isEmpty();
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.then(new Reply(302, "Location", receiver.url("/elsewhere"), 0));
        SendResult result = sender.send(receiver.url("/hook"), SECRET, UUID.randomUUID(), UUID.randomUUID(),
                "experiment.failed", BODY);
        assertThat(result.outcome()).isEqualTo(AttemptOutcome.HTTP_ERROR);
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(receiver.at("/elsewhere")).isEmpty();
    }

    @Test
    void aServerErrorIsAnHttpErrorWithItsRetryAfter() {
        receiver.then(new Reply(503, "Retry-After", "7", 0));
        SendResult result = sender.send(receiver.url("/hook"), SECRET, UUID.randomUUID(), UUID.randomUUID(),
                "experiment.failed", BODY);
        assertThat(result.outcome()).isEqualTo(AttemptOutcome.HTTP_ERROR);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(result.error()).contains("503");
    }

    @Test
    void aSlowReceiverTimesOut() {
        receiver.then(new Reply(200, null, null, 3000));
        SendResult result = sender.send(receiver.url("/hook"), SECRET, UUID.randomUUID(), UUID.randomUUID(),
                "experiment.failed", BODY);
        assertThat(result.outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
    }

    @Test
    void aClosedPortIsAConnectionFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SendResult result = sender.send("http://127.0.0.1:" + port + "/hook", SECRET, UUID.randomUUID(),
                UUID.randomUUID(), "experiment.failed", BODY);
        assertThat(result.outcome()).isEqualTo(AttemptOutcome.CONNECTION_FAILED);
        assertThat(result.httpStatus()).isNull();
    }

    @Test
    void anUnresolvableHostIsReportedAsSuch() throws Exception {
        try (WebhookSender any = new WebhookSender(new AddressPolicy(List.of("*"), List.of()),
                Duration.ofSeconds(2), Duration.ofMillis(500))) {
            // .invalid never resolves (RFC 6761)
            SendResult result = any.send("http://no-such-host.invalid/hook", SECRET, UUID.randomUUID(),
                    UUID.randomUUID(), "experiment.failed", BODY);
            assertThat(result.outcome()).isEqualTo(AttemptOutcome.UNRESOLVED_HOST);
        }
    }
}
