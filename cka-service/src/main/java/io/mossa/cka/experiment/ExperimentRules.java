package io.mossa.cka.experiment;

import java.util.List;

import org.springframework.stereotype.Component;

import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityOptions;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.cka.taskset.TaskSetExamples;
import io.mossa.cka.webhook.SubscriptionRules;
import io.mossa.contract.Violations;
import io.mossa.contract.experiment.ExperimentPlan;

/**
 * Checked when a plan is submitted, so that nothing doomed is queued: the contract's rules
 * ({@link ExperimentPlan#check}, the same the gateway's planner applies), a task set reference against the store
 * ({@link TaskSetExamples#check}), then what the similarity engine would
 * refuse for the tasks' sizes (its memory budget, asked through {@link SimilarityService#check}). Every failure
 * is reported at once, as a {@link io.mossa.contract.ContractViolation} naming the fields. The definition's webhooks
 * must pass the address policy of every other subscription ({@link SubscriptionRules}).
 */
@Component
class ExperimentRules {

    private final SimilarityService similarity;
    private final TaskSetExamples examples;
    private final SubscriptionRules webhooks;

    ExperimentRules(SimilarityService similarity, TaskSetExamples examples, SubscriptionRules webhooks) {
        this.similarity = similarity;
        this.examples = examples;
        this.webhooks = webhooks;
    }

    /**
     * @param plan as submitted (to tell given options from defaults)
     * @return each task's number of examples, in the plan's order
     */
    List<Integer> check(ExperimentPlan plan) {
        Violations violations = new Violations();
        plan.check(violations);
        violations.throwIfAny();
        ExperimentPlan def = plan.withDefaults();
        for (int i = 0; i < def.webhooks().size(); i++) {
            String problem = webhooks.urlProblem(def.webhooks().get(i).url());
            if (problem != null) {
                violations.add("webhooks[" + i + "].url", problem);
            }
        }
        List<Integer> sizes = def.refersToData() ? examples.check(def, violations)
                : def.tasks().stream().map(t -> t.prompts().size()).toList();
        violations.throwIfAny();
        SimilarityOptions options;
        try {
            options = SimilarityOptions.of(def.measure(), def.statistics(), def.layers().pairing(), 0);
        } catch (SimilarityException e) {
            violations.add(e.field(), e.getMessage());
            violations.throwIfAny();
            throw e;
        }
        int layers = def.layers().indices().size();
        for (int i = 0; i < def.tasks().size(); i++) {
            int n = sizes.get(i);
            try {
                // the unit compares each model's layers with the control's: layers x layers
                similarity.check(n, layers, layers, options);
            } catch (SimilarityException e) {
                String field = switch (e.field()) {
                    // too few inputs for the estimator, or too many for the memory budget
                    case "x", "y", "minibatch" -> def.refersToData() ? "taskSet" : "tasks[" + i + "].prompts";
                    default -> e.field();
                };
                violations.add(field, "task '" + def.tasks().get(i).name() + "' (" + n + " prompts): "
                        + e.getMessage());
            }
        }
        violations.throwIfAny();
        return sizes;
    }
}
