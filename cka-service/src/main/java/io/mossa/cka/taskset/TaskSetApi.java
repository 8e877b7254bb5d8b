package io.mossa.cka.taskset;

import java.time.Instant;
import java.util.List;

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

    /** One version with its document, passed through as stored (no re-parsing). */
    public record VersionView(String id, int version, Instant createdAt, @JsonRawValue String document) {
    }

    /** What a listing shows of a version: enough for the gateway's summaries, without examples or prompts. */
    public record VersionSummary(String id, int version, Instant createdAt, String description, List<TaskHead> tasks) {
    }

    public record TaskHead(String name, String cluster, boolean heldOut) {
    }
}
