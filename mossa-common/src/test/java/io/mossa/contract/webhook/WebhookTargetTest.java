package io.mossa.contract.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mossa.contract.Violations;

class WebhookTargetTest {

    private static final List<WebhookEvent> DONE = List.of(WebhookEvent.SUCCEEDED);

    private static List<String> check(List<WebhookTarget> targets) {
        Violations violations = new Violations();
        WebhookTarget.checkAll(violations, "webhooks", targets);
        return violations.list().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void noneAndFiveValidTargetsPass() {
        assertThat(check(null)).isEmpty();
        assertThat(check(List.of())).isEmpty();
        assertThat(check(Collections.nCopies(WebhookTarget.MAX_PER_EXPERIMENT,
                new WebhookTarget("https://hooks.example.org/x", DONE)))).isEmpty();
    }

    @Test
    void oneTargetTooManyIsRefusedAsAWhole() {
        assertThat(check(Collections.nCopies(WebhookTarget.MAX_PER_EXPERIMENT + 1,
                new WebhookTarget("https://hooks.example.org/x", DONE))))
                .containsExactly("webhooks: holds 6 webhooks; the limit is 5");
    }

    @Test
    void eachFieldAtFaultIsNamed() {
        List<WebhookTarget> targets = new ArrayList<>();
        targets.add(new WebhookTarget(" ", DONE));
        targets.add(null);
        targets.add(new WebhookTarget("https://h.example.org/" + "a".repeat(WebhookTarget.MAX_URL_CHARS), List.of()));
        targets.add(new WebhookTarget("https://h.example.org/", Arrays.asList(WebhookEvent.FAILED, null)));
        assertThat(check(targets)).containsExactly(
                "webhooks[0].url: is required",
                "webhooks[1]: must not be null",
                "webhooks[2].url: must be at most 2000 characters",
                "webhooks[2].events: must name at least one event",
                "webhooks[3].events[1]: must not be null");
    }

    @Test
    void aUrlAtTheLimitPasses() {
        String url = "https://h.example.org/";
        url += "a".repeat(WebhookTarget.MAX_URL_CHARS - url.length());
        assertThat(url).hasSize(WebhookTarget.MAX_URL_CHARS);
        assertThat(check(List.of(new WebhookTarget(url, DONE)))).isEmpty();
    }
}
