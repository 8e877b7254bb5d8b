package io.mossa.gateway.upstream;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.experiment.ExperimentList;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.experiment.ExperimentSpec;
import io.mossa.gateway.experiment.ExperimentView;

/** The gateway's view of cka-service, which owns experiments, their execution and their results. */
public class CkaClient {

    private final RestClient http;

    CkaClient(RestClient http) {
        this.http = http;
    }

    public ExperimentView submit(ExperimentSpec spec) {
        return UpstreamCall.call("cka-service", () -> http.post().uri("/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON).body(spec).retrieve().body(ExperimentView.class));
    }

    public ExperimentView experiment(UUID id) {
        return UpstreamCall.call("cka-service",
                () -> http.get().uri("/v1/experiments/{id}", id).retrieve().body(ExperimentView.class));
    }

    public ExperimentList experiments(String status, int limit) {
        return UpstreamCall.call("cka-service", () -> http.get()
                .uri(uri -> {
                    uri.path("/v1/experiments").queryParam("limit", limit);
                    if (status != null) {
                        uri.queryParam("status", status);
                    }
                    return uri.build(Map.of());
                })
                .retrieve().body(ExperimentList.class));
    }

    public ExperimentResults results(UUID id) {
        return UpstreamCall.call("cka-service",
                () -> http.get().uri("/v1/experiments/{id}/results", id).retrieve().body(ExperimentResults.class));
    }
}
