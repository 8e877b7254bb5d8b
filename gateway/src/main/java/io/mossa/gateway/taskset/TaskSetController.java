package io.mossa.gateway.taskset;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/task-sets")
@Tag(name = "Task sets", description = "Prompts grouped by task and cluster that experiments run on.")
public class TaskSetController {

    private final TaskSetCatalog catalog;

    public TaskSetController(TaskSetCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "List task sets", description = "Each task set with its clusters, without prompts.")
    public List<TaskSet.Summary> list() {
        return catalog.all().stream().map(TaskSet::summary).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a task set with all its prompts")
    public TaskSet get(@PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> ApiProblem.notFound("no task set '" + id + "'"));
    }
}
