package io.mossa.cka.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.mossa.cka.webhook.AddressPolicy.AddressDeniedException;
import io.mossa.cka.webhook.WebhookApi.CreateWebhookRequest;
import io.mossa.contract.WireName;
import io.mossa.contract.webhook.WebhookEvent;
import io.mossa.contract.webhook.WebhookTarget;
import io.mossa.web.problem.ApiProblem;

/**
 * Validates a new subscription: an absolute http or https URL without credentials whose host the
 * {@link AddressPolicy} allows now, and known events. Answers one 400 problem listing every field at fault.
 */
@Component
public class SubscriptionRules {

    public static final int MAX_URL_CHARS = WebhookTarget.MAX_URL_CHARS;

    /** A subscription that passed: its URL and events (distinct, in the order given). */
    public record Valid(URI url, List<WebhookEvent> events) {
    }

    private final AddressPolicy policy;

    public SubscriptionRules(WebhookProperties properties) {
        this.policy = AddressPolicy.of(properties);
    }

    public Valid validate(CreateWebhookRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        URI url = url(request.url(), errors);
        List<WebhookEvent> events = events(request.events(), errors);
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder();
            for (Map<String, String> error : errors) {
                detail.append(detail.isEmpty() ? "" : "; ").append(error.get("field")).append(": ")
                        .append(error.get("message"));
            }
            throw ApiProblem.badRequest(detail.toString()).with("errors", errors);
        }
        return new Valid(url, events);
    }

    private URI url(String text, List<Map<String, String>> errors) {
        String problem = urlProblem(text);
        if (problem != null) {
            errors.add(Map.of("field", "url", "message", problem));
            return null;
        }
        return URI.create(text.strip());
    }

    /** What is wrong with a webhook URL (syntax, scheme, credentials, a host the policy refuses), or null. */
    public String urlProblem(String text) {
        if (text == null || text.isBlank()) {
            return "is required";
        }
        if (text.strip().length() > MAX_URL_CHARS) {
            return "must be at most " + MAX_URL_CHARS + " characters";
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !uri.isAbsolute()) {
            return "must be an absolute http or https URL";
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "scheme must be http or https, was '" + uri.getScheme() + "'";
        }
        if (uri.getHost() == null) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials (user:password@); receivers authenticate deliveries by their signature";
        }
        try {
            policy.resolve(uri.getHost());
        } catch (AddressDeniedException e) {
            return e.getMessage() + "; ask the operator to allow it";
        } catch (UnknownHostException e) {
            return "host '" + uri.getHost() + "' does not resolve";
        }
        return null;
    }

    private static List<WebhookEvent> events(List<String> names, List<Map<String, String>> errors) {
        if (names == null || names.isEmpty()) {
            errors.add(Map.of("field", "events", "message", "must name at least one of " + known()));
            return List.of();
        }
        Set<WebhookEvent> events = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            var event = name == null ? java.util.Optional.<WebhookEvent>empty() : WireName.find(WebhookEvent.class, name);
            if (event.isEmpty()) {
                errors.add(Map.of("field", "events[" + i + "]", "message",
                        "unknown event '" + name + "'; known: " + known()));
            } else {
                events.add(event.get());
            }
        }
        return List.copyOf(events);
    }

    private static String known() {
        return String.join(", ", WireName.names(WebhookEvent.class));
    }
}
