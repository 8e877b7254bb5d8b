package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import io.mossa.contract.Violations;
import io.mossa.gateway.upstream.TaskSetStoreClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every task set the gateway knows: the built-in ones bundled with it ({@code classpath:task-sets/*.json}, read
 * once at start-up, read-only, at the version their file gives) and the stored ones, versioned in cka-service.
 * A built-in id shadows a stored one, which is why creating a task set with a built-in id is refused.
 */
@Component
public class TaskSetCatalog {

    private final Map<String, TaskSet> builtIns = new LinkedHashMap<>();
    private final TaskSetStoreClient store;

    /** The built-in task sets only, with no store behind them (for tests of code that only reads task sets). */
    public TaskSetCatalog() throws IOException {
        this(null);
    }

    @Autowired
    public TaskSetCatalog(TaskSetStoreClient store) throws IOException {
        this.store = store;
        JsonMapper json = JsonMapper.builder().build();
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:task-sets/*.json");
        TaskSetValidator validator = new TaskSetValidator(TaskSetValidator.Limits.NONE);
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                TaskSet taskSet = json.readValue(in, TaskSet.class);
                Violations errors = new Violations();
                validator.validate(taskSet, errors);
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("built-in task set " + resource.getFilename() + " is invalid: "
                            + errors.list());
                }
                builtIns.put(taskSet.id(), taskSet);
            }
        }
    }

    public boolean isBuiltIn(String id) {
        return builtIns.containsKey(id);
    }

    /** The latest version of a task set. */
    public Optional<TaskSet> find(String id) {
        return find(id, null);
    }

    /** One version of a task set; {@code version} null means the latest. */
    public Optional<TaskSet> find(String id, Integer version) {
        TaskSet builtIn = builtIns.get(id);
        if (builtIn != null) {
            return version == null || version == builtIn.version() ? Optional.of(builtIn) : Optional.empty();
        }
        return store == null ? Optional.empty() : store.find(id, version);
    }

    /** A stored task set's version (null: the latest) with its tasks' heads and row counts, without rows. */
    public Optional<TaskSetStoreClient.VersionHeads> heads(String id, Integer version) {
        return store == null || isBuiltIn(id) ? Optional.empty() : store.heads(id, version);
    }

    /** Ids of every task set, built-in ones first (for messages that list what exists). */
    public List<String> ids() {
        return summaries().stream().map(TaskSet.Summary::id).toList();
    }

    /** The latest version of every task set, built-in ones first, then the stored ones by id. */
    public List<TaskSet.Summary> summaries() {
        List<TaskSet.Summary> summaries = new ArrayList<>();
        builtIns.values().forEach(t -> summaries.add(t.summary(true)));
        if (store != null) {
            store.latest().stream().filter(s -> !isBuiltIn(s.id())).forEach(summaries::add);
        }
        return summaries;
    }

    /** Every version of one task set, oldest first; empty when there is no such task set. */
    public List<TaskSet.Summary> versions(String id) {
        TaskSet builtIn = builtIns.get(id);
        if (builtIn != null) {
            return List.of(builtIn.summary(true));
        }
        return store == null ? List.of() : store.versions(id);
    }

    /**
     * The latest version of every task set with all its tasks. This reads every stored document: prefer
     * {@link #ids()} or {@link #summaries()} where they suffice.
     */
    public Collection<TaskSet> all() {
        List<TaskSet> all = new ArrayList<>(builtIns.values());
        if (store != null) {
            for (TaskSet.Summary summary : store.latest()) {
                if (!isBuiltIn(summary.id())) {
                    store.find(summary.id(), summary.version()).ifPresent(all::add);
                }
            }
        }
        return all;
    }
}
