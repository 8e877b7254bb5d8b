package io.mossa.gateway.experiment;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.mossa.gateway.taskset.TaskSet;
import io.mossa.gateway.taskset.TaskSetCatalog;
import io.mossa.gateway.upstream.TaskSetStoreClient;

/**
 * Task sets for the planner from the {@link TaskSetCatalog}: a built-in one with its prompts, a stored one (any
 * version) by its heads only (names, labels and row counts), never its rows.
 */
@Component
class CatalogTaskSource implements TaskSource {

    private final TaskSetCatalog catalog;

    CatalogTaskSource(TaskSetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<Version> find(String id, Integer version) {
        return catalog.isBuiltIn(id) ? catalog.find(id, version).map(CatalogTaskSource::of)
                : catalog.heads(id, version).map(CatalogTaskSource::of);
    }

    @Override
    public List<String> ids() {
        return catalog.ids();
    }

    private static Version of(TaskSet set) {
        return new Version(set.id(), set.version(), set.tasks().stream()
                .map(t -> Task.withPrompts(t.name(), t.cluster(), t.split(), t.heldOut(), t.prompts())).toList());
    }

    private static Version of(TaskSetStoreClient.VersionHeads heads) {
        return new Version(heads.id(), heads.version(), heads.tasks().stream()
                .map(t -> new Task(t.name(), t.cluster(), t.split(), t.heldOut(), t.rows(), null)).toList());
    }
}
