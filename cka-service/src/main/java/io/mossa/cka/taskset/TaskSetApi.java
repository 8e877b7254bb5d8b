package io.mossa.cka.taskset;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** The internal task-set API's bodies. The document is the gateway's: this service stores it, it does not interpret it. */
public final class TaskSetApi {

    private TaskSetApi() {
    }

    /**
     * @param basedOn  the version the document was derived from (an edit of one task), or null for a whole new
     *                 definition; when a newer version exists the request is refused with 409 so no edit is lost
     * @param document {"description": ..., "tasks": [...]}, as validated by the gateway
     */
    public record NewVersionRequest(
            @Schema(description = "Version the document was derived from; null = a whole definition", example = "1")
            Integer basedOn,
            @Schema(description = "The task set document: an object with a tasks array",
                    example = "{\"description\": \"two tasks\", \"tasks\": [{\"name\": \"rte\", \"cluster\": \"nli\", "
                            + "\"prompts\": [\"a\", \"b\"]}]}")
            JsonNode document) {
    }

    /** What a listing shows of a version: enough for the gateway's summaries, without examples or prompts. */
    public record VersionSummary(String id, int version, Instant createdAt, String description, List<TaskHead> tasks) {
    }

    public record TaskHead(String name, String cluster, boolean heldOut) {
    }

    /**
     * A version with every task's head but none of its rows: what an upload is checked against.
     *
     * @param tasks the tasks in order
     */
    public record VersionHeads(String id, int version, Instant createdAt, String description, List<TaskInfo> tasks) {
    }

    /**
     * @param templates null when the task's rows are ready prompts
     * @param rows      examples (or prompts)
     * @param bytes     UTF-8 bytes of the rows as stored JSON
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskInfo(String name, String cluster, String split, boolean heldOut, String description,
            @JsonRawValue @Schema(type = "array", implementation = String.class) String templates, int rows,
            long bytes) {
    }

    /** How an upload changed the task set: the version it made (or the unchanged latest one) and what it stored. */
    public record UploadResult(String id, int version, boolean created, int basedOn, List<UploadedTask> tasks,
            long rows, long bytes) {
    }

    /** @param bytes UTF-8 bytes of the task's rows as stored JSON */
    public record UploadedTask(String name, int rows, long bytes) {
    }
}
