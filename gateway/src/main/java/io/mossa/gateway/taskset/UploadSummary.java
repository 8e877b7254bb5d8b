package io.mossa.gateway.taskset;

import java.util.List;

import io.mossa.gateway.upstream.TaskSetStoreClient;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What an examples upload did: the version it made (or the latest one, when every uploaded task already had these
 * examples), what it stored per task, and the body as received, so that the client can check it arrived whole. The
 * version's content is read with GET.
 *
 * @param id          the task set
 * @param version     the version the upload made, or the unchanged latest version
 * @param created     whether a version was made
 * @param basedOn     the version the upload was checked against
 * @param tasks       the uploaded tasks, in the task set's order: examples and their bytes as stored JSON
 * @param rows        examples uploaded, over all tasks
 * @param bytes       bytes of the uploaded examples as stored JSON
 * @param uploadBytes bytes of the body as received (compressed, if it was)
 * @param sha256      SHA-256 of the body as received, hex: compare with {@code sha256sum} of the file sent
 */
@Schema(description = "What an examples upload stored; the version's content is read with GET")
public record UploadSummary(
        @Schema(example = "nli-mini") String id,
        @Schema(example = "2") int version,
        boolean created,
        @Schema(example = "1") int basedOn,
        List<Task> tasks,
        @Schema(example = "20000") long rows,
        long bytes,
        long uploadBytes,
        @Schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256) {

    public record Task(@Schema(example = "rte") String name, @Schema(example = "10000") int rows, long bytes) {
    }

    static UploadSummary of(TaskSetStoreClient.UploadResult stored, long uploadBytes, String sha256) {
        return new UploadSummary(stored.id(), stored.version(), stored.created(), stored.basedOn(),
                stored.tasks().stream().map(t -> new Task(t.name(), t.rows(), t.bytes())).toList(), stored.rows(),
                stored.bytes(), uploadBytes, sha256);
    }
}
