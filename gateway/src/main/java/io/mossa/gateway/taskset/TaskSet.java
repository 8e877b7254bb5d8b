package io.mossa.gateway.taskset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.mossa.contract.taskset.Template;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Tasks grouped by cluster, each with its examples and instruction templates (or ready prompts). A version never
 * changes once stored: an experiment records {@code (id, version)} and can always read back what it ran on.
 *
 * @param id          stable identifier used by experiment definitions, {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param version     assigned by the server: 1 for a new id, then the next number for every change
 * @param description what the set is for
 * @param createdAt   when this version was stored (absent for the built-in task sets)
 * @param tasks       the tasks, in a fixed order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A versioned task set. On POST, version and createdAt are assigned by the server (sent values are "
        + "ignored), so a task set read with GET can be edited and posted back as the next version.")
public record TaskSet(
        @Schema(example = "nli-mini") String id,
        @Schema(description = "Assigned by the server", accessMode = Schema.AccessMode.READ_ONLY, example = "1")
        int version,
        @Schema(example = "Two NLI tasks, one held out") String description,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant createdAt,
        List<Task> tasks) {

    public TaskSet(String id, int version, String description, List<Task> tasks) {
        this(id, version, description, null, tasks);
    }

    /** From JSON, where a definition to be stored carries no version (0 until the store assigns one). */
    @JsonCreator
    static TaskSet fromJson(@JsonProperty("id") String id, @JsonProperty("version") Integer version,
            @JsonProperty("description") String description, @JsonProperty("createdAt") Instant createdAt,
            @JsonProperty("tasks") List<Task> tasks) {
        return new TaskSet(id, version == null ? 0 : version, description, createdAt, tasks);
    }

    /**
     * One task. It gives either ready {@code prompts}, or {@code examples} (rows of named fields) with one or more
     * {@code templates} whose {@code {field}} placeholders the examples fill.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(
            @Schema(example = "rte") String name,
            @Schema(example = "nli") String cluster,
            @Schema(description = "Which split of the source data the examples come from", example = "validation")
            String split,
            @Schema(description = "Excluded from the experimental model's training: reported separately")
            boolean heldOut,
            String description,
            @Schema(description = "Instruction templates; {field} takes an example's field, {{ and }} are literal "
                    + "braces. Example i is rendered with template i mod templates.size().",
                    example = "[\"Premise: {premise}\\nHypothesis: {hypothesis}\\nDoes the premise entail the hypothesis?\"]")
            List<String> templates,
            @Schema(description = "Rows of named fields (string values; numbers and booleans are taken as written)",
                    example = "[{\"premise\": \"A dog runs.\", \"hypothesis\": \"An animal moves.\"}]")
            List<Map<String, String>> examples,
            @JsonProperty("prompts")
            @Schema(description = "Ready prompts, instead of examples and templates")
            List<String> givenPrompts) {

        /** From JSON, where heldOut may be left out (false). */
        @JsonCreator
        static Task fromJson(@JsonProperty("name") String name, @JsonProperty("cluster") String cluster,
                @JsonProperty("split") String split, @JsonProperty("heldOut") Boolean heldOut,
                @JsonProperty("description") String description, @JsonProperty("templates") List<String> templates,
                @JsonProperty("examples") List<Map<String, String>> examples,
                @JsonProperty("prompts") List<String> prompts) {
            return new Task(name, cluster, split, Boolean.TRUE.equals(heldOut), description, templates, examples,
                    prompts);
        }

        /** A task with ready prompts. */
        public Task(String name, String cluster, String description, List<String> prompts) {
            this(name, cluster, null, false, description, null, null, prompts);
        }

        public boolean usesTemplates() {
            return examples != null;
        }

        /**
         * The task's prompts in example order: the given ones, or example i rendered with template
         * (i mod templates.size()). Round-robin rather than random so that a version always yields the same
         * prompts, every template is used equally often (within one) and any first n examples already mix the
         * templates, which is the instruction diversity FLAN's several templates per dataset are for.
         * Validation proved every template renders every example when the version was created, so this never fails.
         */
        public List<String> prompts() {
            if (!usesTemplates()) {
                return givenPrompts == null ? List.of() : givenPrompts;
            }
            List<Template> parsed = templates.stream().map(Template::parse).toList();
            List<String> prompts = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                prompts.add(parsed.get(i % parsed.size()).render(examples.get(i)));
            }
            return List.copyOf(prompts);
        }
    }

    /** The listing view: what a task set (version) holds, without examples or prompts. */
    public record Summary(
            @Schema(example = "nli-mini") String id,
            @Schema(description = "The latest version in a listing of task sets; this version in a listing of versions",
                    example = "2") int version,
            String description,
            Instant createdAt,
            @Schema(description = "Number of tasks", example = "2") int tasks,
            @Schema(description = "Clusters in order of first appearance") List<String> clusters,
            @Schema(description = "Names of the held-out tasks") List<String> heldOutTasks,
            @Schema(description = "Bundled with the gateway and read-only (true), or stored (false)") boolean builtIn) {

        public static Summary of(String id, int version, String description, Instant createdAt,
                List<TaskHead> tasks, boolean builtIn) {
            return new Summary(id, version, description, createdAt, tasks.size(),
                    tasks.stream().map(TaskHead::cluster).distinct().toList(),
                    tasks.stream().filter(TaskHead::heldOut).map(TaskHead::name).toList(), builtIn);
        }
    }

    /** What a summary needs of a task. */
    public record TaskHead(String name, String cluster, boolean heldOut) {
    }

    public Summary summary(boolean builtIn) {
        return Summary.of(id, version, description, createdAt,
                tasks.stream().map(t -> new TaskHead(t.name(), t.cluster(), t.heldOut())).toList(), builtIn);
    }

    /** What is stored for a version: everything but the id, version and time, which the store assigns. */
    public record Document(String description, List<Task> tasks) {
    }

    public Document document() {
        return new Document(description, tasks);
    }
}
