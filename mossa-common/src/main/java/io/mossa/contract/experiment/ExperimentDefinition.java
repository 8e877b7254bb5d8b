package io.mossa.contract.experiment;

import java.util.List;
import java.util.Map;

import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;
import io.mossa.contract.webhook.WebhookTarget;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a researcher submits to the public API: compare an experimental model E (and optionally a baseline B)
 * against a control model per task, layer by layer, on the prompts of a task set or of inline tasks. Every field
 * but name, experimentalModel and the tasks has a default; unknown fields are refused. The gateway plans it into
 * an {@link ExperimentPlan}; its options are the contract's own records ({@link CkaMeasure}, {@link Statistics},
 * {@link Sampling}), so their rules are written once.
 */
@Schema(description = "An experiment: CKA between E (and optionally B) and each task's control model C_t.")
public record ExperimentDefinition(
        @Schema(description = "Human-readable name, at most 200 characters", example = "int8 quantization vs fp32")
        String name,
        @Schema(description = "The experimental model E (see GET /api/v1/models)", example = "all-minilm-l6-v2-q")
        String experimentalModel,
        @Schema(description = "Optional baseline B (e.g. the pretrained model), also compared with every control",
                nullable = true, example = "all-minilm-l6-v2")
        String baselineModel,
        @Schema(description = "The control model C for every task that names no control of its own",
                nullable = true, example = "all-minilm-l6-v2")
        String controlModel,
        @Schema(description = "Per-task controls of a task set: task name -> model. Overrides controlModel for "
                + "those tasks; only with taskSet (inline tasks carry their own controlModel)", nullable = true,
                example = "{\"sentiment-movie-reviews\": \"all-minilm-l6-v2\"}")
        Map<String, String> controlModels,
        @Schema(description = "Id of a task set (see GET /api/v1/task-sets); give this or tasks, not both",
                nullable = true, example = "demo")
        String taskSet,
        @Schema(description = "Version of the task set; default: its latest. The version used is recorded",
                nullable = true, example = "1")
        Integer taskSetVersion,
        @Schema(description = "Inline tasks; give this or taskSet, not both", nullable = true)
        List<TaskDefinition> tasks,
        @Schema(description = "Hidden-state indices (0 = embedding output); default: every layer all models have",
                nullable = true, example = "[0, 1, 2, 3, 4, 5, 6]")
        List<Integer> layers,
        @Schema(description = "same: layer i of E with layer i of C; all: every layer pair", defaultValue = "same",
                nullable = true)
        LayerPairing layerPairs,
        @Schema(description = "How a prompt's token states become one vector", defaultValue = "last",
                nullable = true)
        Pooling pooling,
        @Schema(description = "Wrap every prompt in each model's chat template (every model involved must have "
                + "one: see chatTemplate in GET /api/v1/models)", defaultValue = "false", nullable = true)
        Boolean chatTemplate,
        @Schema(description = "System prompt of the chat template; only with chatTemplate: true. Absent = the "
                + "template's default, \"\" = none", nullable = true)
        String systemPrompt,
        @Schema(description = "Use n examples of every task (n >= 2, n >= 4 with the debiased estimator), "
                + "chosen by sampling; default: every example", nullable = true, example = "16")
        Integer examplesPerTask,
        @Schema(description = "How the examplesPerTask examples are chosen; default: the first n")
        Sampling sampling,
        @Schema(description = "The similarity measure; default: linear kernel, biased estimator (the paper's CKA)")
        CkaMeasure similarity,
        @Schema(description = "Permutation p-values and bootstrap intervals; default: none")
        Statistics statistics,
        @Schema(description = "private: only the submitting API key (and the admin) can see it",
                defaultValue = "public", nullable = true)
        Visibility visibility,
        @Schema(description = "Webhooks for this experiment's events, created with it (at most "
                + WebhookTarget.MAX_PER_EXPERIMENT + "); their signing secrets are in the creation answer only. "
                + "See docs/webhooks.md", nullable = true)
        List<WebhookTarget> webhooks) {

    /**
     * One inline task: its prompts and, optionally, its own control model C_t.
     */
    @Schema(description = "An inline task")
    public record TaskDefinition(
            @Schema(description = "Unique within the experiment", example = "sentiment-movie-reviews") String name,
            @Schema(example = "sentiment") String cluster,
            @Schema(description = "C_t; overrides the experiment's controlModel for this task", nullable = true,
                    example = "all-minilm-l6-v2")
            String controlModel,
            @Schema(description = "The task's ready prompts, at least 2", example = "[\"Review: A gem.\\nPositive "
                    + "or negative?\", \"Review: Dull.\\nPositive or negative?\"]")
            List<String> prompts,
            @Schema(description = "Whether the task was held out of E's training (reported separately)",
                    defaultValue = "false", nullable = true)
            Boolean heldOut,
            @Schema(description = "Which split of the data the prompts come from", nullable = true,
                    example = "test")
            String split) {
    }

    /** A definition built field by field; unset fields are absent (null), as in a JSON body that omits them. */
    public static Builder builder(String name, String experimentalModel) {
        return new Builder(name, experimentalModel);
    }

    public static final class Builder {
        private final String name;
        private final String experimentalModel;
        private String baselineModel;
        private String controlModel;
        private Map<String, String> controlModels;
        private String taskSet;
        private Integer taskSetVersion;
        private List<TaskDefinition> tasks;
        private List<Integer> layers;
        private LayerPairing layerPairs;
        private Pooling pooling;
        private Boolean chatTemplate;
        private String systemPrompt;
        private Integer examplesPerTask;
        private Sampling sampling;
        private CkaMeasure similarity;
        private Statistics statistics;
        private Visibility visibility;
        private List<WebhookTarget> webhooks;

        private Builder(String name, String experimentalModel) {
            this.name = name;
            this.experimentalModel = experimentalModel;
        }

        public Builder baselineModel(String model) {
            this.baselineModel = model;
            return this;
        }

        public Builder controlModel(String model) {
            this.controlModel = model;
            return this;
        }

        public Builder controlModels(Map<String, String> controls) {
            this.controlModels = controls;
            return this;
        }

        public Builder taskSet(String id, Integer version) {
            this.taskSet = id;
            this.taskSetVersion = version;
            return this;
        }

        public Builder tasks(List<TaskDefinition> tasks) {
            this.tasks = tasks;
            return this;
        }

        public Builder layers(List<Integer> layers) {
            this.layers = layers;
            return this;
        }

        public Builder layerPairs(LayerPairing pairing) {
            this.layerPairs = pairing;
            return this;
        }

        public Builder pooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        public Builder chatTemplate(Boolean chatTemplate, String systemPrompt) {
            this.chatTemplate = chatTemplate;
            this.systemPrompt = systemPrompt;
            return this;
        }

        public Builder examples(Integer perTask, Sampling sampling) {
            this.examplesPerTask = perTask;
            this.sampling = sampling;
            return this;
        }

        public Builder measure(CkaMeasure similarity, Statistics statistics) {
            this.similarity = similarity;
            this.statistics = statistics;
            return this;
        }

        public Builder visibility(Visibility visibility) {
            this.visibility = visibility;
            return this;
        }

        public Builder webhooks(List<WebhookTarget> webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        public ExperimentDefinition build() {
            return new ExperimentDefinition(name, experimentalModel, baselineModel, controlModel, controlModels,
                    taskSet, taskSetVersion, tasks, layers, layerPairs, pooling, chatTemplate, systemPrompt,
                    examplesPerTask, sampling, similarity, statistics, visibility, webhooks);
        }
    }
}
