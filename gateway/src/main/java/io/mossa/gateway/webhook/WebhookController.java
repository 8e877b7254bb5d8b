package io.mossa.gateway.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.contract.NotFound;
import io.mossa.contract.Violations;
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.experiment.ExperimentAccess;
import io.mossa.gateway.upstream.WebhookClient;
import io.mossa.gateway.webhook.Webhooks.CreateWebhookRequest;
import io.mossa.gateway.webhook.Webhooks.CreatedWebhook;
import io.mossa.gateway.webhook.Webhooks.DeliveryList;
import io.mossa.gateway.webhook.Webhooks.WebhookList;
import io.mossa.gateway.webhook.Webhooks.WebhookView;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.JsonNode;

/**
 * Webhook subscriptions of the caller's API key (every method needs a key, see AccessRules): each key sees and
 * deletes only its own, the administrator all. cka-service validates the URL against the operator's address
 * policy and the events, stores the subscription and delivers; this controller decides ownership and checks that
 * the caller may read the experiment a subscription names.
 */
@RestController
@RequestMapping(WebhookController.BASE)
@Tag(name = "Webhooks", description = "Signed HTTP callbacks when experiments succeed, fail, are cancelled or make "
        + "progress, retried with backoff and recorded; see docs/webhooks.md for verifying signatures.")
public class WebhookController {

    public static final String BASE = "/api/v1/webhooks";
    static final int MAX_DELIVERIES = 200;
    private static final Set<String> FIELDS = Set.of("url", "events", "experimentId");
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final WebhookClient webhooks;
    private final ExperimentAccess experiments;

    public WebhookController(WebhookClient webhooks, ExperimentAccess experiments) {
        this.webhooks = webhooks;
        this.experiments = experiments;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Subscribe a URL to experiment events",
            description = "Answers the subscription's signing secret, once: store it now. Events of every experiment "
                    + "submitted with the caller's key (or of experimentId only) are POSTed to url as JSON, signed "
                    + "with HMAC-SHA256, and retried with exponential backoff until the receiver answers 2xx.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CreateWebhookRequest.class),
                            examples = @ExampleObject(name = "finished", value = """
                                    {"url": "https://hooks.example.org/mossa",
                                     "events": ["experiment.succeeded", "experiment.failed", "experiment.cancelled"]}
                                    """))))
    @ApiResponse(responseCode = "201", description = "Created; Location names the subscription")
    @ApiResponse(responseCode = "400", description = "Bad URL or scheme, host not allowed, unknown event, unknown "
            + "field or experiment; errors names each field", content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(value = """
                            {"type": "about:blank", "title": "Bad Request", "status": 400,
                             "detail": "url: scheme must be http or https, was 'ftp'",
                             "errors": [{"field": "url", "message": "scheme must be http or https, was 'ftp'"}]}""")))
    @ApiResponse(responseCode = "401", description = "No API key", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "The key holds the maximum number of subscriptions",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<CreatedWebhook> create(@RequestBody JsonNode body, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        Violations errors = new Violations();
        if (body == null || !body.isObject()) {
            errors.add("body", "must be a JSON object with url and events");
            errors.throwIfAny();
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(field, "unknown field; a subscription has url, events and experimentId");
            }
        }
        String url = text(body, "url", errors);
        List<String> events = events(body, errors);
        UUID experiment = experiment(body, caller, errors);
        errors.throwIfAny();
        CreatedWebhook created = webhooks.create(caller.keyId(), url, events, experiment);
        log.info("webhook {} created by {} for {}", created.id(), caller.admin() ? "admin" : caller.keyId(),
                created.events());
        return ResponseEntity.created(URI.create(BASE + "/" + created.id())).body(created);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the caller's subscriptions", description = "Oldest first; the administrator sees all. "
            + "Never a secret.")
    @ApiResponse(responseCode = "401", description = "No API key", content = @Content(mediaType = "application/problem+json"))
    public WebhookList list(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        return webhooks.list(caller.admin() ? null : caller.keyId());
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One of the caller's subscriptions")
    @ApiResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = "application/problem+json"))
    public WebhookView get(@PathVariable UUID id, HttpServletRequest request) {
        return owned(id, Caller.of(request));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a subscription", description = "Its pending deliveries are dropped with it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
        owned(id, Caller.of(request));
        webhooks.delete(id);
        log.info("webhook {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The subscription's deliveries, newest first, each with every attempt",
            description = "state PENDING (nextAttemptAt says when the next attempt is due), SUCCEEDED or FAILED "
                    + "(given up after the configured attempts); each attempt has its outcome, the receiver's "
                    + "status and what went wrong.")
    @ApiResponse(responseCode = "400", description = "limit outside 1.." + MAX_DELIVERIES,
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = "application/problem+json"))
    public DeliveryList deliveries(@PathVariable UUID id,
            @Parameter(description = "1 to " + MAX_DELIVERIES) @RequestParam(defaultValue = "50") int limit,
            HttpServletRequest request) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw ApiProblem.badRequest("limit: must be between 1 and " + MAX_DELIVERIES + ", was " + limit);
        }
        owned(id, Caller.of(request));
        return webhooks.deliveries(id, limit);
    }

    /** The subscription if the caller owns it (the administrator owns all); 404 otherwise, as if it did not exist. */
    private WebhookView owned(UUID id, Caller caller) {
        WebhookView view = webhooks.get(id);
        if (!caller.admin() && !Objects.equals(view.owner(), caller.keyId())) {
            throw ApiProblem.notFound("no webhook with id '" + id + "'");
        }
        return view;
    }

    private static String text(JsonNode body, String field, Violations errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(field, "must be a string");
            return null;
        }
        return value.asString();
    }

    private static List<String> events(JsonNode body, Violations errors) {
        JsonNode value = body.get("events");
        List<String> events = new ArrayList<>();
        if (value == null || value.isNull()) {
            return events;
        }
        if (!value.isArray()) {
            errors.add("events", "must be an array of event names");
            return events;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                errors.add("events[" + i + "]", "must be an event name (a string)");
            } else {
                events.add(value.get(i).asString());
            }
        }
        return events;
    }

    private UUID experiment(JsonNode body, Caller caller, Violations errors) {
        String text = text(body, "experimentId", errors);
        if (text == null) {
            return null;
        }
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            errors.add("experimentId", "must be an experiment id (a UUID), was '" + text + "'");
            return null;
        }
        try {
            experiments.readable(id, caller);
        } catch (NotFound hidden) {
            // a private experiment of another key: as unknown as a missing one
            errors.add("experimentId", "no experiment with id '" + id + "'");
        } catch (ApiProblem problem) {
            if (problem.getStatusCode().value() != 404) {
                throw problem;
            }
            errors.add("experimentId", "no experiment with id '" + id + "'");
        }
        return id;
    }
}
