package io.mossa.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.taskset.TaskSet;
import io.mossa.web.problem.ApiProblem;

/**
 * The gateway's view of cka-service's task-set store (internal /v1/task-sets): immutable, numbered versions of
 * task-set documents. A 404 there is an empty answer here; other failures are problems as for every upstream call.
 */
public class TaskSetStoreClient {

    private static final String SERVICE = "cka-service";

    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/x-ndjson");

    private final RestClient http;
    private final RestClient uploads;

    /**
     * @param http    for every call but uploads
     * @param uploads for uploads, which stream for as long as the client sends (their own, longer timeout)
     */
    TaskSetStoreClient(RestClient http, RestClient uploads) {
        this.http = http;
        this.uploads = uploads;
    }

    /** A task of a stored version without its rows: what an upload is checked against. */
    public record TaskInfo(String name, String cluster, String split, boolean heldOut, String description,
            List<String> templates, int rows, long bytes) {
    }

    public record VersionHeads(String id, int version, Instant createdAt, String description, List<TaskInfo> tasks) {
    }

    /** What cka-service stored of an upload. */
    public record UploadResult(String id, int version, boolean created, int basedOn, List<UploadedTask> tasks,
            long rows, long bytes) {
    }

    public record UploadedTask(String name, int rows, long bytes) {
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

    /** The latest version of a stored task set with its tasks' heads and row counts, no rows. */
    public Optional<VersionHeads> heads(String id) {
        return heads(id, null);
    }

    /** One version (null = the latest) of a stored task set with its tasks' heads and row counts, no rows. */
    public Optional<VersionHeads> heads(String id, Integer version) {
        return orEmpty(() -> UpstreamCall.call(SERVICE, () -> (version == null
                ? http.get().uri("/v1/task-sets/{id}/heads", id)
                : http.get().uri("/v1/task-sets/{id}/versions/{version}/heads", id, version))
                .retrieve().body(VersionHeads.class)));
    }

    /**
     * Stores the task set's document as the next version of its id. The answer carries the stored version's number
     * and time with the tasks as sent, which are what was stored (or, when unchanged, equal the latest version's).
     *
     * @param basedOn the version this document edits, or null for a whole definition; when another version was
     *                stored since, the answer is a 409 problem and nothing is stored
     */
    public Stored store(TaskSet taskSet, Integer basedOn) {
        ResponseEntity<VersionSummary> response = UpstreamCall.call(SERVICE, () -> http.post()
                .uri("/v1/task-sets/{id}/versions", taskSet.id())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new NewVersion(basedOn, taskSet.document()))
                .retrieve().toEntity(VersionSummary.class));
        VersionSummary stored = response.getBody();
        return new Stored(new TaskSet(taskSet.id(), stored.version(), taskSet.description(), stored.createdAt(),
                taskSet.tasks()), response.getStatusCode().value() == 201);
    }

    /**
     * Streams rows into the task set as its next version: {@code body} writes cka-service's upload lines
     * ({"task", "row"} per row, then the end line) while the request is being sent.
     *
     * @param basedOn the version the rows were checked against
     */
    public ResponseEntity<UploadResult> upload(String id, int basedOn, StreamingHttpOutputMessage.Body body) {
        return UpstreamCall.call(SERVICE, () -> uploads.post()
                .uri("/v1/task-sets/{id}/uploads?basedOn={basedOn}", id, basedOn)
                .contentType(JSON_LINES)
                .body(body)
                .retrieve().toEntity(UploadResult.class));
    }

    /**
     * Copies rows {@code offset ..} (at most {@code limit}, null for all) of one task of a version, as JSON Lines,
     * to {@code out} as cka-service sends them.
     *
     * @return false when there is no such task set, version or task (nothing was written)
     */
    public boolean copyRows(String id, int version, String task, long offset, Long limit, OutputStream out) {
        return UpstreamCall.call(SERVICE, () -> http.get()
                    .uri(b -> b.path("/v1/task-sets/{id}/versions/{version}/tasks/{task}/rows")
                            .queryParam("offset", offset).queryParamIfPresent("limit", Optional.ofNullable(limit))
                            .build(id, version, task))
                    .accept(JSON_LINES)
                    .exchange((request, response) -> {
                        if (response.getStatusCode().value() == 404) {
                            return false;
                        }
                        if (response.getStatusCode().isError()) {
                            throw ApiProblem.badGateway(SERVICE + " failed with HTTP "
                                    + response.getStatusCode().value() + " reading rows");
                        }
                        try (InputStream in = response.getBody()) {
                            in.transferTo(out);
                        }
                        return true;
                    }));
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
