package io.mossa.gateway.taskset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits of task sets (the count limits are the experiments': mossa.gateway.max-tasks,
 * max-prompts-per-task, max-prompt-chars).
 *
 * @param maxUploadSize   the largest body of PUT /api/v1/task-sets/{id}/tasks/{task}/examples (JSONL or CSV);
 *                        it replaces the general mossa.gateway.max-request-bytes on that path only
 * @param maxDocumentSize the largest task-set version, as JSON with every task's examples; cka-service's
 *                        mossa.cka.task-sets.max-request-size must stay above it
 */
@ConfigurationProperties("mossa.gateway.task-sets")
public record TaskSetProperties(
        @DefaultValue("32MB") DataSize maxUploadSize,
        @DefaultValue("64MB") DataSize maxDocumentSize) {
}
