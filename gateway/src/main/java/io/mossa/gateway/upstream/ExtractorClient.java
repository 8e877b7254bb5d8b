package io.mossa.gateway.upstream;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.model.ModelRegistration;
import io.mossa.web.problem.ApiProblem;

/**
 * The gateway's view of extractor-service: which models exist and what their shapes are. The model list is
 * fetched with a short timeout and cached ({@link ExtractorAvailability}), so that a frozen extractor costs a
 * model read or a submission at most that timeout, and none while a list is cached.
 */
public class ExtractorClient {

    private static final Logger log = LoggerFactory.getLogger(ExtractorClient.class);

    private final RestClient http;
    private final RestClient metadata;
    private final Duration modelListTtl;
    private volatile ModelList cached;

    private record ModelList(List<ModelInfo> models, long fetchedAtNanos) {
    }

    public ExtractorClient(RestClient http) {
        this(http, http, Duration.ZERO);
    }

    /** {@code metadata} has the short read timeout of model-list calls; {@code http} that of registrations. */
    public ExtractorClient(RestClient http, RestClient metadata, Duration modelListTtl) {
        this.http = http;
        this.metadata = metadata;
        this.modelListTtl = modelListTtl;
    }

    public List<ModelInfo> models() {
        ModelList known = cached;
        if (known != null && System.nanoTime() - known.fetchedAtNanos() < modelListTtl.toNanos()) {
            return known.models();
        }
        try {
            ModelInfo[] models = UpstreamCall.call("extractor-service",
                    () -> metadata.get().uri("/v1/models").retrieve().body(ModelInfo[].class));
            List<ModelInfo> list = models == null ? List.of() : List.copyOf(Arrays.asList(models));
            if (!modelListTtl.isZero()) {
                cached = new ModelList(list, System.nanoTime());
            }
            return list;
        } catch (ApiProblem unavailable) {
            if (known != null && unavailable.getStatusCode().is5xxServerError()) {
                // trusted for another TTL: while the extractor is down, only one call per TTL waits for it
                cached = new ModelList(known.models(), System.nanoTime());
                log.warn("extractor-service did not answer the model list ({}); using the list of {} s ago",
                        unavailable.getBody().getDetail(), (System.nanoTime() - known.fetchedAtNanos()) / 1_000_000_000L);
                return known.models();
            }
            throw unavailable;
        }
    }

    /** Registers a model directory on the extractor's file system; its problems (403, 409, 422...) pass through. */
    public ModelInfo register(ModelRegistration registration) {
        cached = null;
        return UpstreamCall.call("extractor-service", () -> http.post().uri("/v1/models")
                .contentType(MediaType.APPLICATION_JSON).body(registration).retrieve().body(ModelInfo.class));
    }

    /** Removes a model registered at runtime (404 unknown, 409 bundled or models-dir). */
    public void remove(String id) {
        cached = null;
        UpstreamCall.call("extractor-service", () -> http.delete().uri("/v1/models/{id}", id).retrieve()
                .toBodilessEntity());
    }
}
