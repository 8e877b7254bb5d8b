package io.mossa.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.experiment.ExperimentList;
import io.mossa.gateway.experiment.ExperimentResults;

import tools.jackson.databind.JsonNode;

/** The gateway's view of cka-service, which owns experiments, their execution and their results. */
public class CkaClient {

    private static final String SERVICE = "cka-service";

    private final RestClient http;

    CkaClient(RestClient http) {
        this.http = http;
    }

    /**
     * @param experiment the experiment as stored
     * @param created    false when an earlier submission with the same owner and idempotency key is replayed
     */
    public record Submitted(ExperimentView experiment, boolean created) {
    }

    public Submitted submit(ExperimentPlan spec) {
        ResponseEntity<ExperimentView> response = UpstreamCall.call(SERVICE, () -> http.post().uri("/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON).body(spec).retrieve().toEntity(ExperimentView.class));
        return new Submitted(response.getBody(), response.getStatusCode().value() == 201);
    }

    public ExperimentView experiment(UUID id) {
        return UpstreamCall.call(SERVICE,
                () -> http.get().uri("/v1/experiments/{id}", id).retrieve().body(ExperimentView.class));
    }

    /** The definition as submitted; inline tasks' prompts only with {@code prompts}. */
    public JsonNode definition(UUID id, boolean prompts) {
        return UpstreamCall.call(SERVICE, () -> http.get()
                .uri("/v1/experiments/{id}/definition?prompts={prompts}", id, prompts).retrieve()
                .body(JsonNode.class));
    }

    /**
     * One page of experiments, newest first. Null arguments are not sent; {@code readableBy} "" means public
     * experiments only, null (the administrator) every experiment.
     */
    public ExperimentList experiments(String status, String model, String readableBy, int limit, String cursor) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("model", model);
        query.put("readableBy", readableBy);
        query.put("cursor", cursor);
        query.values().removeIf(Objects::isNull);
        return UpstreamCall.call(SERVICE, () -> http.get()
                .uri(uri -> {
                    uri.path("/v1/experiments").queryParam("limit", limit);
                    // template variables, so that values with '&', '+' or '{' are encoded, not interpreted
                    query.keySet().forEach(name -> uri.queryParam(name, "{" + name + "}"));
                    return uri.build(query);
                })
                .retrieve().body(ExperimentList.class));
    }

    /**
     * @param readableBy null: any experiment (the caller was checked already); otherwise cka-service answers 404 for
     *                   a private experiment of another owner, as {@link #experiments} filters the list
     */
    public ExperimentResults results(UUID id, String readableBy) {
        return UpstreamCall.call(SERVICE, () -> http.get()
                .uri(uri -> {
                    uri.path("/v1/experiments/{id}/results");
                    if (readableBy != null) {
                        uri.queryParam("readableBy", "{readableBy}");
                    }
                    return uri.build(java.util.Map.of("id", id, "readableBy", readableBy == null ? "" : readableBy));
                })
                .retrieve().body(ExperimentResults.class));
    }

    /** PENDING or RUNNING -> CANCELLED; 409 problem when it already finished. */
    public ExperimentView cancel(UUID id) {
        return UpstreamCall.call(SERVICE,
                () -> http.post().uri("/v1/experiments/{id}/cancel", id).retrieve().body(ExperimentView.class));
    }

    /** FAILED or CANCELLED -> PENDING, keeping finished units; 409 problem otherwise. */
    public ExperimentView rerun(UUID id) {
        return UpstreamCall.call(SERVICE,
                () -> http.post().uri("/v1/experiments/{id}/rerun", id).retrieve().body(ExperimentView.class));
    }

    /** Deletes a finished experiment with its results; 409 problem while it is PENDING or RUNNING. */
    public void delete(UUID id) {
        UpstreamCall.call(SERVICE, () -> http.delete().uri("/v1/experiments/{id}", id).retrieve().toBodilessEntity());
    }
}
