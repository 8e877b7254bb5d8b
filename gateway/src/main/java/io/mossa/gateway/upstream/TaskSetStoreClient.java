package io.mossa.gateway.upstream;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.taskset.TaskSet;
import io.mossa.web.problem.ApiProblem;

/**
 * The gateway's view of cka-service's task-set store (internal /v1/task-sets): immutable, numbered versions of
 * task-set documents. A 404 there is an empty answer here; other failures are problems as for every upstream call.
 */
public class TaskSetStoreClient {

    private static final String SERVICE = "cka-service";

    private final RestClient http;

    TaskSetStoreClient(RestClient http) {
        this.http = http;
    }

    /** A version as cka-service answers it. */
    record StoredVersion(String id, int version, Instant createdAt, TaskSet.Document document) {

        TaskSet taskSet() {
            return new TaskSet(id, version, document.description(), createdAt, document.tasks());
        }
    }

    record VersionSummary(String id, int version, Instant createdAt, String description, List<TaskSet.TaskHead> tasks) {

        TaskSet.Summary summary() {
            return TaskSet.Summary.of(id, version, description, createdAt, tasks, false);
        }
    }

    record NewVersion(Integer basedOn, TaskSet.Document document) {
    }

    /**
     * @param taskSet the version as stored
     * @param created false when the document equalled the latest version's, which is then answered instead
     */
    public record Stored(TaskSet taskSet, boolean created) {
    }

    /** The latest version of every stored task set. */
    public List<TaskSet.Summary> latest() {
        VersionSummary[] all = UpstreamCall.call(SERVICE,
                () -> http.get().uri("/v1/task-sets").retrieve().body(VersionSummary[].class));
        return all == null ? List.of() : Arrays.stream(all).map(VersionSummary::summary).toList();
    }

    /** Every version of a stored task set, oldest first; empty when there is no such task set. */
    public List<TaskSet.Summary> versions(String id) {
        return orEmpty(() -> UpstreamCall.call(SERVICE, () -> http.get().uri("/v1/task-sets/{id}/versions", id)
                .retrieve().body(VersionSummary[].class)))
                .map(all -> Arrays.stream(all).map(VersionSummary::summary).toList())
                .orElse(List.of());
    }

    /** One version (null = the latest) of a stored task set. */
    public Optional<TaskSet> find(String id, Integer version) {
        return orEmpty(() -> UpstreamCall.call(SERVICE, () -> (version == null
                ? http.get().uri("/v1/task-sets/{id}", id)
                : http.get().uri("/v1/task-sets/{id}/versions/{version}", id, version))
                .retrieve().body(StoredVersion.class)))
                .map(StoredVersion::taskSet);
    }

    /**
     * Stores the task set's document as the next version of its id.
     *
     * @param basedOn the version this document edits, or null for a whole definition; when another version was
     *                stored since, the answer is a 409 problem and nothing is stored
     */
    public Stored store(TaskSet taskSet, Integer basedOn) {
        ResponseEntity<StoredVersion> response = UpstreamCall.call(SERVICE, () -> http.post()
                .uri("/v1/task-sets/{id}/versions", taskSet.id())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new NewVersion(basedOn, taskSet.document()))
                .retrieve().toEntity(StoredVersion.class));
        return new Stored(response.getBody().taskSet(), response.getStatusCode().value() == 201);
    }

    private static <T> Optional<T> orEmpty(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (ApiProblem problem) {
            if (problem.getStatusCode().value() == 404) {
                return Optional.empty();
            }
            throw problem;
        }
    }
}
