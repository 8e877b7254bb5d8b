package io.mossa.gateway.experiment;

import java.util.List;
import java.util.Optional;

/**
 * The task sets an experiment can name, as the planner needs them: a version's tasks with their sizes, and the ready
 * prompts of a built-in task set's tasks (bundled with the gateway, so cka-service cannot read them). A stored task
 * set's examples stay in cka-service's store: the planner only counts them, and the plan refers to them.
 * {@link CatalogTaskSource} reads them from the task set catalog; tests give them as data.
 */
public interface TaskSource {

    /** The task set {@code id} at {@code version}, or at its latest version when {@code version} is null. */
    Optional<Version> find(String id, Integer version);

    /** Every task set id, for error messages. */
    List<String> ids();

    record Version(String id, int version, List<Task> tasks) {
    }

    /**
     * One task of a task set version.
     *
     * @param examples how many examples (or prompts) it has
     * @param prompts  its prompts in example order for a built-in task set; null for a stored one
     */
    record Task(String name, String cluster, String split, boolean heldOut, int examples, List<String> prompts) {

        /** A task with its ready prompts. */
        static Task withPrompts(String name, String cluster, String split, boolean heldOut, List<String> prompts) {
            return new Task(name, cluster, split, heldOut, prompts.size(), prompts);
        }
    }
}
