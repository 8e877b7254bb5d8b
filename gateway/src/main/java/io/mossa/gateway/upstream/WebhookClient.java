package io.mossa.gateway.upstream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.webhook.Webhooks.CreatedWebhook;
import io.mossa.gateway.webhook.Webhooks.DeliveryList;
import io.mossa.gateway.webhook.Webhooks.WebhookList;
import io.mossa.gateway.webhook.Webhooks.WebhookView;

/** cka-service's webhook subscriptions, which it validates, stores and delivers. */
public class WebhookClient {

    private static final String SERVICE = "cka-service";

    private final RestClient http;

    WebhookClient(RestClient http) {
        this.http = http;
    }

    /** @param owner the API key id, or null for the administrator */
    public CreatedWebhook create(String owner, String url, List<String> events, UUID experimentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("owner", owner);
        body.put("url", url);
        body.put("events", events);
        body.put("experimentId", experimentId);
        return UpstreamCall.call(SERVICE, () -> http.post().uri("/v1/webhooks").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().body(CreatedWebhook.class));
    }

    /** @param owner only this API key's; null: every subscription */
    public WebhookList list(String owner) {
        return UpstreamCall.call(SERVICE, () -> http.get()
                .uri(uri -> owner == null ? uri.path("/v1/webhooks").build()
                        : uri.path("/v1/webhooks").queryParam("owner", "{owner}").build(owner))
                .retrieve().body(WebhookList.class));
    }

    public WebhookView get(UUID id) {
        return UpstreamCall.call(SERVICE, () -> http.get().uri("/v1/webhooks/{id}", id).retrieve()
                .body(WebhookView.class));
    }

    public void delete(UUID id) {
        UpstreamCall.call(SERVICE, () -> http.delete().uri("/v1/webhooks/{id}", id).retrieve().toBodilessEntity());
    }

    public DeliveryList deliveries(UUID id, int limit) {
        return UpstreamCall.call(SERVICE, () -> http.get()
                .uri("/v1/webhooks/{id}/deliveries?limit={limit}", id, limit).retrieve().body(DeliveryList.class));
    }
}
