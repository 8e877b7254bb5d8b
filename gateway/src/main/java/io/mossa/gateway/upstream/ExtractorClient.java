package io.mossa.gateway.upstream;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.model.ModelRegistration;

/** The gateway's view of extractor-service: which models exist and what their shapes are. */
public class ExtractorClient {

    private final RestClient http;

    public ExtractorClient(RestClient http) {
        this.http = http;
    }

    public List<ModelInfo> models() {
        ModelInfo[] models = UpstreamCall.call("extractor-service",
                () -> http.get().uri("/v1/models").retrieve().body(ModelInfo[].class));
        return models == null ? List.of() : Arrays.asList(models);
    }

    /** Registers a model directory on the extractor's file system; its problems (403, 409, 422...) pass through. */
    public ModelInfo register(ModelRegistration registration) {
        return UpstreamCall.call("extractor-service", () -> http.post().uri("/v1/models")
                .contentType(MediaType.APPLICATION_JSON).body(registration).retrieve().body(ModelInfo.class));
    }

    /** Removes a model registered at runtime (404 unknown, 409 bundled or models-dir). */
    public void remove(String id) {
        UpstreamCall.call("extractor-service", () -> http.delete().uri("/v1/models/{id}", id).retrieve()
                .toBodilessEntity());
    }
}
