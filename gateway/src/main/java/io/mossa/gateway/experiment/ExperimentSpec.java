package io.mossa.gateway.experiment;

import java.util.List;

/**
 * A fully resolved experiment as cka-service runs it: every default applied, every task carrying its control
 * model and its prompts. Validated by the gateway against the extractor's models before it is sent.
 */
public record ExperimentSpec(
        String name,
        String experimentalModel,
        String baselineModel,
        List<Integer> layers,
        String layerPairs,
        String pooling,
        List<Task> tasks) {

    public record Task(String name, String cluster, String controlModel, List<String> prompts) {
    }
}
