package io.mossa.gateway.results;

import java.util.List;

import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.gateway.results.summary.Completeness;
import io.mossa.web.problem.ApiProblem;

/** What views and plots ask of an experiment, answered as problems that name the parameter. */
final class ExperimentChecks {

    private ExperimentChecks() {
    }

    static Completeness coverage(ExperimentView experiment, ExperimentResults results, ResultsIndex index) {
        int total = experiment.tasks() == null ? index.tasks().size() : experiment.tasks().size();
        return Completeness.of(results.status() == null ? experiment.status().name() : results.status(),
                index.tasks().size(), total);
    }

    static void requireBaseline(ExperimentView experiment, Comparison which) {
        if (which != Comparison.EXPERIMENTAL && experiment.models().baseline() == null) {
            throw ApiProblem.unprocessable("comparison: experiment " + experiment.id() + " has no baseline model, "
                    + "so '" + which.wireName() + "' does not exist; use experimental");
        }
    }

    static void requireTask(ExperimentView experiment, String task) {
        List<String> names = experiment.tasks() == null ? List.of()
                : experiment.tasks().stream().map(ExperimentView.TaskSummary::name).toList();
        if (task == null || task.isBlank()) {
            throw ApiProblem.badRequest("task: the heatmap shows one task; give task= one of " + names);
        }
        if (!names.contains(task)) {
            throw ApiProblem.badRequest("task: experiment " + experiment.id() + " has no task '" + task
                    + "'; its tasks are " + names);
        }
    }
}
