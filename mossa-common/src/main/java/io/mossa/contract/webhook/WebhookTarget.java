package io.mossa.contract.webhook;

import java.util.List;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A webhook named inside an experiment's definition: it receives that experiment's events only, and is created
 * with the experiment, in the same transaction, so that no event of a fast experiment can pass before it exists.
 * The rules here are the ones that need no configuration; cka-service adds its address policy (which hosts the
 * operator allows), as for subscriptions made through {@code /api/v1/webhooks}.
 */
@Schema(description = "A webhook for this experiment's events; its signing secret is answered once, with the "
        + "experiment's creation")
public record WebhookTarget(
        @Schema(description = "An absolute http or https URL whose host the operator allows, at most "
                + WebhookTarget.MAX_URL_CHARS + " characters", example = "https://hooks.example.org/mossa")
        String url,
        @Schema(description = "At least one event", example = "[\"experiment.succeeded\", \"experiment.failed\"]")
        List<WebhookEvent> events) {

    public static final int MAX_URL_CHARS = 2000;
    /** Per experiment: enough for a lab's bot, its scheduler and a notebook, not a fan-out service. */
    public static final int MAX_PER_EXPERIMENT = 5;

    public static void checkAll(Violations violations, String field, List<WebhookTarget> targets) {
        if (targets == null) {
            return;
        }
        if (targets.size() > MAX_PER_EXPERIMENT) {
            violations.add(field, "holds " + targets.size() + " webhooks; the limit is " + MAX_PER_EXPERIMENT);
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            String at = field + "[" + i + "]";
            WebhookTarget target = targets.get(i);
            if (target == null) {
                violations.add(at, "must not be null");
                continue;
            }
            if (target.url() == null || target.url().isBlank()) {
                violations.add(at + ".url", "is required");
            } else if (target.url().strip().length() > MAX_URL_CHARS) {
                violations.add(at + ".url", "must be at most " + MAX_URL_CHARS + " characters");
            }
            if (target.events() == null || target.events().isEmpty()) {
                violations.add(at + ".events", "must name at least one event");
            } else {
                for (int e = 0; e < target.events().size(); e++) {
                    if (target.events().get(e) == null) {
                        violations.add(at + ".events[" + e + "]", "must not be null");
                    }
                }
            }
        }
    }
}
