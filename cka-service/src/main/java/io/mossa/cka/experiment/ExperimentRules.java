package io.mossa.cka.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.mossa.cka.experiment.ExperimentApi.CreateExperimentRequest;
import io.mossa.cka.similarity.Pairing;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityOptions;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.web.problem.ApiProblem;

/**
 * The rules of a definition that bean validation cannot express, checked when it is submitted so that nothing
 * doomed is queued: duplicates, options that do not go together, and everything the similarity engine would
 * refuse for the tasks' sizes (its own rules and limits, asked through {@link SimilarityService#check}). Each
 * failure is a 400 problem naming the field, like the bean validation errors.
 */
@Component
class ExperimentRules {

    private final SimilarityService similarity;

    ExperimentRules(SimilarityService similarity) {
        this.similarity = similarity;
    }

    /** @param request as submitted (to tell given options from defaults) */
    void check(CreateExperimentRequest request) {
        CreateExperimentRequest def = request.withDefaults();
        checkUnique(def);
        if (def.systemPrompt() != null && !def.chatTemplate()) {
            throw invalid("systemPrompt", "a system prompt is only used with chatTemplate: true");
        }
        if (request.rbfThreshold() != null && !"rbf".equals(def.kernel())) {
            throw invalid("rbfThreshold", "applies to kernel 'rbf' only, the kernel is '" + def.kernel() + "'");
        }
        if (request.degree() != null && !"polynomial".equals(def.kernel())) {
            throw invalid("degree", "applies to kernel 'polynomial' only, the kernel is '" + def.kernel() + "'");
        }
        if (request.coef0() != null && !"polynomial".equals(def.kernel())) {
            throw invalid("coef0", "applies to kernel 'polynomial' only, the kernel is '" + def.kernel() + "'");
        }
        if (def.definition() != null && !def.definition().isObject()) {
            throw invalid("definition", "must be a JSON object or null");
        }
        SimilarityOptions options;
        try {
            options = def.measure().options(Pairing.of(def.layerPairs()), 0);
        } catch (SimilarityException e) {
            throw invalid(e.field(), e.getMessage());
        }
        int layers = def.layers().size();
        for (int i = 0; i < def.tasks().size(); i++) {
            int n = def.tasks().get(i).prompts().size();
            try {
                // the unit compares each model's layers with the control's: layers x layers
                similarity.check(n, layers, layers, options);
            } catch (SimilarityException e) {
                String field = switch (e.field()) {
                    // too few inputs for the estimator, or too many for the memory budget
                    case "x", "y", "minibatch" -> "tasks[" + i + "].prompts";
                    default -> e.field();
                };
                throw invalid(field, "task '" + def.tasks().get(i).name() + "' (" + n + " prompts): "
                        + e.getMessage());
            }
        }
    }

    private static void checkUnique(CreateExperimentRequest def) {
        Set<Integer> layers = new HashSet<>();
        for (int i = 0; i < def.layers().size(); i++) {
            if (!layers.add(def.layers().get(i))) {
                throw invalid("layers[" + i + "]", "duplicate layer " + def.layers().get(i));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < def.tasks().size(); i++) {
            if (!names.add(def.tasks().get(i).name())) {
                throw invalid("tasks[" + i + "].name", "duplicate task name '" + def.tasks().get(i).name() + "'");
            }
        }
    }

    static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest(field + ": " + message)
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }
}
