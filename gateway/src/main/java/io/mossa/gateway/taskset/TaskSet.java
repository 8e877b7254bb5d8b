package io.mossa.gateway.taskset;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Tasks grouped by cluster, each with instruction-formatted prompts.
 *
 * @param id          stable identifier used by experiment definitions
 * @param version     bumped whenever the prompts change, recorded with every experiment
 * @param description what the set is for
 * @param tasks       the tasks, in a fixed order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSet(String id, int version, String description, List<Task> tasks) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Task(String name, String cluster, String description, List<String> prompts) {
    }

    /** The listing view: what a task set holds without its prompts. */
    public record Summary(String id, int version, String description, int tasks, List<String> clusters) {
    }

    public Summary summary() {
        return new Summary(id, version, description, tasks.size(),
                tasks.stream().map(Task::cluster).distinct().toList());
    }
}
