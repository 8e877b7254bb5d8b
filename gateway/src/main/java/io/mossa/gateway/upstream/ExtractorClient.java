package io.mossa.gateway.upstream;

import java.util.Arrays;
import java.util.List;

import org.springframework.web.client.RestClient;

import io.mossa.gateway.model.ModelInfo;

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
}
