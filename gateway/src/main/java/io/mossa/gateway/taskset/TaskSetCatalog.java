package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** The task sets bundled with the gateway ({@code classpath:task-sets/*.json}), read once at start-up. */
@Component
public class TaskSetCatalog {

    private final Map<String, TaskSet> taskSets = new LinkedHashMap<>();

    public TaskSetCatalog() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:task-sets/*.json");
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                TaskSet taskSet = json.readValue(in, TaskSet.class);
                taskSets.put(taskSet.id(), taskSet);
            }
        }
    }

    public Optional<TaskSet> find(String id) {
        return Optional.ofNullable(taskSets.get(id));
    }

    public Collection<TaskSet> all() {
        return taskSets.values();
    }
}
