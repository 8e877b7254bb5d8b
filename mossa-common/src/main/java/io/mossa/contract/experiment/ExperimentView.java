package io.mossa.contract.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.Statistics;
import io.mossa.contract.webhook.ExperimentWebhook;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An experiment's resolved definition (every default filled in), who owns it, its status and progress: what
 * cka-service answers and the gateway serves. On the wire the parts are flat, as in {@link ExperimentPlan}.
 *
 * <p>A view stays small whatever the experiment's size: it never holds prompts nor the submitted definition (that is
 * {@code GET /api/v1/experiments/{id}/definition}), and in a list it leaves out the tasks too.
 *
 * @param tasks the tasks without their prompts; null (absent) in a list
 * @param runs  1 + the number of re-runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentView(
        UUID id,
        String name,
        ExperimentStatus status,
        @JsonUnwrapped Models models,
        @JsonUnwrapped LayerSelection layers,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The tasks (without prompts); absent in a list of experiments", nullable = true)
        List<TaskSummary> tasks,
        Progress progress,
        @Schema(description = "Why the experiment failed, when it did", nullable = true) String failure,
        Instant createdAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @JsonUnwrapped CkaMeasure measure,
        Statistics statistics,
        @JsonUnwrapped PromptFormat promptFormat,
        @JsonUnwrapped TaskSetRef taskSet,
        @JsonUnwrapped Access access,
        @Schema(description = "1 + the number of re-runs") int runs,
        @Schema(description = "Only in the answer that created the experiment: the webhooks of its definition, "
                + "with their signing secrets (shown this once)", nullable = true)
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ExperimentWebhook> webhooks) {

    /** A task without its prompts: how many examples it has. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskSummary(String name, String cluster, String controlModel, int n, boolean heldOut,
            @Schema(nullable = true) String split) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(int unitsDone, int unitsTotal) {
    }

    /** A new view of {@code plan} (defaults filled in) in {@code status}, as stored at {@code createdAt}. */
    public static ExperimentView of(UUID id, ExperimentPlan plan, ExperimentStatus status, Instant createdAt) {
        ExperimentPlan p = plan.withDefaults();
        List<TaskSummary> tasks = p.tasks().stream().map(t -> new TaskSummary(t.name(), t.cluster(),
                t.controlModel(), t.prompts() == null ? 0 : t.prompts().size(), t.isHeldOut(), t.split())).toList();
        return new ExperimentView(id, p.name(), status, p.models(), p.layers(), tasks,
                new Progress(0, tasks.size()), null, createdAt, null, null, p.measure(), p.statistics(),
                p.promptFormat(), p.taskSet(), p.access(), 1, null);
    }

    /**
     * A view of these models, layers and tasks with every option at its default, all tasks done in a SUCCEEDED
     * experiment or none in another: what a stand-in for cka-service answers.
     */
    public static ExperimentView of(UUID id, String name, ExperimentStatus status, Models models,
            LayerSelection layers, List<TaskSummary> tasks) {
        int done = status == ExperimentStatus.SUCCEEDED ? tasks.size() : 0;
        return new ExperimentView(id, name, status, models, layers.withDefaults(), tasks,
                new Progress(done, tasks.size()), null, null, null, null, CkaMeasure.defaults().withDefaults(),
                Statistics.none().withDefaults(), PromptFormat.plain(), TaskSetRef.inline(),
                Access.anonymous().withDefaults(), 1, null);
    }

    public ExperimentView withStatus(ExperimentStatus status, Progress progress) {
        return new ExperimentView(id, name, status, models, layers, tasks, progress, failure, createdAt, startedAt,
                finishedAt, measure, statistics, promptFormat, taskSet, access, runs, webhooks);
    }

    /** This view with the webhooks created with the experiment, as the creation answers it. */
    public ExperimentView withWebhooks(List<ExperimentWebhook> webhooks) {
        return new ExperimentView(id, name, status, models, layers, tasks, progress, failure, createdAt, startedAt,
                finishedAt, measure, statistics, promptFormat, taskSet, access, runs, webhooks);
    }

    public ExperimentView withAccess(Access access) {
        return new ExperimentView(id, name, status, models, layers, tasks, progress, failure, createdAt, startedAt,
                finishedAt, measure, statistics, promptFormat, taskSet, access, runs, webhooks);
    }
}
