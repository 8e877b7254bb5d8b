package io.mossa.cka.webhook;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.cka.webhook.WebhookApi.CreateWebhookRequest;
import io.mossa.cka.webhook.WebhookApi.CreatedWebhook;
import io.mossa.cka.webhook.WebhookApi.DeliveryList;
import io.mossa.cka.webhook.WebhookApi.WebhookList;
import io.mossa.cka.webhook.WebhookApi.WebhookView;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The internal webhook API, called by the gateway only, which decides who owns and may see a subscription.
 * Subscriptions are validated here, where the address policy that deliveries obey is configured.
 */
@RestController
@RequestMapping("/v1/webhooks")
@Tag(name = "webhooks", description = "Internal API: subscriptions to experiment events and their deliveries")
public class WebhookController {

    public static final int MAX_DELIVERIES = 200;
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final SubscriptionRules rules;
    private final SubscriptionStore store;

    public WebhookController(SubscriptionRules rules, SubscriptionStore store) {
        this.rules = rules;
        this.store = store;
    }

    @PostMapping
    @Operation(summary = "Create a subscription", description = "Answers its signing secret, once.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the subscription")
    @ApiResponse(responseCode = "400", description = "Bad URL, scheme, host not allowed, unknown event; the problem's "
            + "errors name each field", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "The owner holds the maximum number of subscriptions",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<CreatedWebhook> create(@RequestBody CreateWebhookRequest request) {
        SubscriptionRules.Valid valid = rules.validate(request);
        CreatedWebhook created = store.create(blankToNull(request.owner()), valid, request.experimentId());
        log.info("webhook {} created for {} ({})", created.id(), created.owner() == null ? "the administrator"
                : "api key " + created.owner(), created.events());
        return ResponseEntity.created(URI.create("/v1/webhooks/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "List subscriptions, oldest first", description = "Only the owner's when owner is given.")
    @ApiResponse(responseCode = "400", description = "A parameter is malformed",
            content = @Content(mediaType = "application/problem+json"))
    public WebhookList list(@RequestParam(required = false) String owner) {
        return new WebhookList(store.list(Optional.ofNullable(blankToNull(owner))));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription (never its secret)")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)",
            content = @Content(mediaType = "application/problem+json"))
    public WebhookView get(@PathVariable String id) {
        return store.find(parse(id)).orElseThrow(() -> unknown(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a subscription", description = "Its pending deliveries are dropped with it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (!store.delete(parse(id))) {
            throw unknown(id);
        }
        log.info("webhook {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The subscription's newest deliveries, each with every attempt")
    @ApiResponse(responseCode = "400", description = "limit outside 1.." + MAX_DELIVERIES,
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Unknown id (or not a UUID)",
            content = @Content(mediaType = "application/problem+json"))
    public DeliveryList deliveries(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw ApiProblem.badRequest("limit: must be 1.." + MAX_DELIVERIES + ", was " + limit);
        }
        UUID uuid = parse(id);
        store.find(uuid).orElseThrow(() -> unknown(id));
        return new DeliveryList(store.deliveries(uuid, limit));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no webhook with id '" + id + "'");
    }
}
