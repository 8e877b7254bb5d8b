package io.mossa.cka.webhook;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import io.mossa.cka.webhook.AddressPolicy.AddressDeniedException;

/**
 * Sends one delivery attempt: a POST of the event's JSON with its signature. The connection goes only to addresses
 * the {@link AddressPolicy} checked during this very attempt (the client's DNS resolver is the policy), redirects
 * are not followed, nothing is retried here and no cookies or proxies are used.
 */
public class WebhookSender implements Closeable {

    public static final String EVENT_HEADER = "X-Mossa-Event";
    public static final String EVENT_ID_HEADER = "X-Mossa-Event-Id";
    public static final String DELIVERY_HEADER = "X-Mossa-Delivery";
    public static final String USER_AGENT = "MOSSA-Webhooks/1";

    private final CloseableHttpClient http;

    public WebhookSender(AddressPolicy policy, Duration connectTimeout, Duration responseTimeout) {
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return policy.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(responseTimeout))
                        .setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
    }

    /** Sends the body signed for the current second; never throws for what the receiver or network did. */
    public SendResult send(String url, String secret, UUID deliveryId, UUID eventId, String event, String body) {
        long start = System.nanoTime();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpPost post = new HttpPost(url);
        post.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        post.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, bytes));
        post.setHeader(EVENT_HEADER, event);
        post.setHeader(EVENT_ID_HEADER, eventId.toString());
        post.setHeader(DELIVERY_HEADER, deliveryId.toString());
        post.setEntity(new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON));
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, post, null);
        } catch (AddressDeniedException e) {
            return new SendResult(AttemptOutcome.ADDRESS_DENIED, null, null, e.getMessage(), since(start));
        } catch (UnknownHostException e) {
            return new SendResult(AttemptOutcome.UNRESOLVED_HOST, null, null,
                    "host '" + post.getAuthority().getHostName() + "' does not resolve", since(start));
        } catch (InterruptedIOException e) {
            return new SendResult(AttemptOutcome.TIMEOUT, null, null, "timed out: " + e.getMessage(), since(start));
        } catch (IOException e) {
            return new SendResult(AttemptOutcome.CONNECTION_FAILED, null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), since(start));
        }
        int status = response.getCode();
        Header retryAfter = response.getFirstHeader("Retry-After");
        // the body says nothing the status does not, and a receiver could make it endless: drop the connection
        post.cancel();
        try {
            response.close();
        } catch (IOException alreadyDropped) {
            // nothing to release
        }
        Duration took = since(start);
        if (status >= 200 && status < 300) {
            return new SendResult(AttemptOutcome.DELIVERED, status, null, null, took);
        }
        return new SendResult(AttemptOutcome.HTTP_ERROR, status, retryAfter(retryAfter),
                "the receiver answered HTTP " + status, took);
    }

    /** Retry-After in its delay-seconds form; the HTTP-date form is ignored (the backoff applies). */
    private static Duration retryAfter(Header header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.getValue().strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
