package io.mossa.gateway.taskset;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits of task sets (the count limits per task are the experiments': mossa.gateway.max-tasks,
 * max-prompts-per-task, max-prompt-chars). The defaults admit the paper's study: 60 tasks of 10,000 examples.
 *
 * @param maxUploadSize      the largest body of an examples upload (JSON Lines, CSV or Parquet, gzip-compressed or
 *                           not), as received; it replaces the general mossa.gateway.max-request-bytes on those paths
 * @param maxVersionSize     the most bytes of examples (as stored JSON) one task-set version may hold
 * @param maxVersionExamples the most examples (or prompts) one task-set version may hold, over all its tasks
 * @param uploadTimeout      how long an upload may stream into cka-service before the gateway gives up
 * @param spoolDir           where Parquet uploads are written while they are read (Parquet's index is at the end
 *                           of the file); default the JVM's temporary directory. Each upload has its own file,
 *                           deleted when it has been read.
 */
@ConfigurationProperties("mossa.gateway.task-sets")
public record TaskSetProperties(
        @DefaultValue("2GB") DataSize maxUploadSize,
        @DefaultValue("2GB") DataSize maxVersionSize,
        @DefaultValue("1000000") long maxVersionExamples,
        @DefaultValue("30m") Duration uploadTimeout,
        Path spoolDir) {

    public TaskSetProperties {
        if (spoolDir == null) {
            spoolDir = Path.of(System.getProperty("java.io.tmpdir"));
        }
    }
}
