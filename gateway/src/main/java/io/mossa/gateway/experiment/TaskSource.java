package io.mossa.gateway.experiment;

import java.util.List;
import java.util.Optional;

/**
 * The task sets an experiment can name, as the planner needs them: a version's tasks with their ready prompts.
 * {@link CatalogTaskSource} reads them from the task set catalog; tests give them as data.
 */
public interface TaskSource {

    /** The task set {@code id} at {@code version}, or at its latest version when {@code version} is null. */
    Optional<Version> find(String id, Integer version);

    /** Every task set id, for error messages. */
    List<String> ids();

    record Version(String id, int version, List<Task> tasks) {
    }

    /** One task of a task set version; prompts in example order. */
    record Task(String name, String cluster, String split, boolean heldOut, List<String> prompts) {
    }
}
