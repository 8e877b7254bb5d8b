package io.mossa.gateway.experiment;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.mossa.gateway.taskset.TaskSet;
import io.mossa.gateway.taskset.TaskSetCatalog;

/** Task sets for the planner from the {@link TaskSetCatalog}: built-in and stored ones, any version. */
@Component
class CatalogTaskSource implements TaskSource {

    private final TaskSetCatalog catalog;

    CatalogTaskSource(TaskSetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<Version> find(String id, Integer version) {
        return catalog.find(id, version).map(CatalogTaskSource::of);
    }

    @Override
    public List<String> ids() {
        return catalog.ids();
    }

    private static Version of(TaskSet set) {
        return new Version(set.id(), set.version(), set.tasks().stream()
                .map(t -> new Task(t.name(), t.cluster(), t.split(), t.heldOut(), t.prompts())).toList());
    }
}
