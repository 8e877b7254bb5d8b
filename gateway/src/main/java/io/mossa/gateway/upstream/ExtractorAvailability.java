package io.mossa.gateway.upstream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway stays answerable when the extractor is slow or frozen: its model list, which every model read
 * and every experiment submission needs, is fetched with a short timeout and kept for a while.
 *
 * @param metadataTimeout how long a model-list call may take before the gateway answers 503 + Retry-After
 * @param modelListTtl    how long a fetched model list is used without asking again; a list older than this
 *                        is still used while the extractor does not answer (a model registered meanwhile
 *                        through another gateway appears within this time)
 */
@ConfigurationProperties("mossa.gateway.extractor")
public record ExtractorAvailability(@DefaultValue("2s") Duration metadataTimeout,
        @DefaultValue("10s") Duration modelListTtl) {
}
