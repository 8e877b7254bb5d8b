package io.mossa.gateway.experiment;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A fully resolved experiment as cka-service runs it (its CreateExperimentRequest): every default applied, every
 * task carrying its control model and its chosen prompts. Validated by the planner against the extractor's models
 * and the task sets before it is sent; who submitted it is added by {@link #submittedBy}.
 */
public record ExperimentSpec(
        String name,
        String experimentalModel,
        String baselineModel,
        List<Integer> layers,
        String layerPairs,
        String pooling,
        List<Task> tasks,
        String kernel,
        String estimator,
        Double rbfThreshold,
        Integer degree,
        Double coef0,
        int permutations,
        int bootstrap,
        double confidence,
        long seed,
        boolean chatTemplate,
        String systemPrompt,
        String taskSetId,
        Integer taskSetVersion,
        String visibility,
        String owner,
        String idempotencyKey,
        JsonNode definition) {

    public record Task(String name, String cluster, String controlModel, List<String> prompts, boolean heldOut,
            String split) {
    }

    /** This spec as submitted by {@code owner} (null: anonymous), with the definition as the client sent it. */
    public ExperimentSpec submittedBy(String owner, String idempotencyKey, JsonNode definition) {
        return new ExperimentSpec(name, experimentalModel, baselineModel, layers, layerPairs, pooling, tasks, kernel,
                estimator, rbfThreshold, degree, coef0, permutations, bootstrap, confidence, seed, chatTemplate,
                systemPrompt, taskSetId, taskSetVersion, visibility, owner, idempotencyKey, definition);
    }
}
