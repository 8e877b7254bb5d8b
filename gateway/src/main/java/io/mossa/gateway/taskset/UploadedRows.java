package io.mossa.gateway.taskset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mossa.gateway.upstream.TaskSetStoreClient.TaskInfo;
import io.mossa.gateway.upstream.TaskSetStoreClient.VersionHeads;
import io.mossa.contract.Violations;
import io.mossa.contract.taskset.Template;
import io.mossa.web.problem.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks uploaded examples row by row against the tasks of the version they are uploaded into, and forwards the
 * good ones to cka-service's upload stream as {@code {"task": name, "row": example}} lines. It holds counters per
 * task, never the rows: memory does not grow with the upload. Checks are those of {@link TaskSetValidator} for
 * examples (every template placeholder present, rendered prompts neither blank nor too long, 2 to
 * max-prompts-per-task examples per task), plus the version's limits (examples and bytes).
 *
 * <p>At the first problem forwarding stops, but reading goes on so that every problem is reported at once; the
 * end line that makes cka-service store the upload is written only when there was none.
 */
final class UploadedRows implements RowSink {

    /** In an upload of several tasks, the field that names each row's task. */
    static final String TASK_FIELD = "task";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NEWLINE = {'\n'};

    /**
     * @param maxExamplesPerTask mossa.gateway.max-prompts-per-task
     * @param maxPromptChars     mossa.gateway.max-prompt-chars
     * @param maxVersionExamples mossa.gateway.task-sets.max-version-examples
     * @param maxVersionBytes    mossa.gateway.task-sets.max-version-size
     */
    record Limits(int maxExamplesPerTask, int maxPromptChars, long maxVersionExamples, long maxVersionBytes) {
    }

    /** The fields a template needs that some example lacks: reported once, with the first such example. */
    private static final class Missing {
        final int task;
        final int template;
        final String placeholder;
        int first = -1;
        int firstLine;
        Set<String> firstFields;
        int count;

        Missing(int task, int template, String placeholder) {
            this.task = task;
            this.template = template;
            this.placeholder = placeholder;
        }
    }

    private final VersionHeads version;
    private final String onlyTask;
    private final Limits limits;
    private final Violations errors;
    private final OutputStream out;
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final List<Template>[] templates;
    private final int[] rows;
    private final long[] bytes;
    private final Map<String, Missing> missing = new LinkedHashMap<>();
    private final Set<Integer> refusedTasks = new HashSet<>();
    private long forwarded;

    /**
     * @param onlyTask the task every row belongs to (an upload to one task), or null when each row names its task
     *                 in its {@value #TASK_FIELD} field
     * @param out      cka-service's upload stream
     */
    @SuppressWarnings("unchecked")
    UploadedRows(VersionHeads version, String onlyTask, Limits limits, Violations errors, OutputStream out) {
        this.version = version;
        this.onlyTask = onlyTask;
        this.limits = limits;
        this.errors = errors;
        this.out = out;
        List<TaskInfo> tasks = version.tasks();
        this.templates = new List[tasks.size()];
        this.rows = new int[tasks.size()];
        this.bytes = new long[tasks.size()];
        for (int k = 0; k < tasks.size(); k++) {
            positions.put(tasks.get(k).name(), k);
            templates[k] = tasks.get(k).templates() == null ? null
                    : tasks.get(k).templates().stream().map(Template::parse).toList();
        }
    }

    @Override
    public void row(int line, Map<String, String> fields) throws IOException {
        Map<String, String> example = fields;
        String name = onlyTask;
        if (name == null) {
            name = fields.get(TASK_FIELD);
            if (name == null || name.isBlank()) {
                errors.add(FIELD, "line " + line + ": no '" + TASK_FIELD + "' field; in an upload to the task set "
                        + "every row names its task");
                return;
            }
            example = new LinkedHashMap<>(fields);
            example.remove(TASK_FIELD);
        }
        Integer k = positions.get(name);
        if (k == null) {
            errors.add(FIELD, "line " + line + ": task set '" + version.id() + "' version " + version.version()
                    + " has no task '" + name + "'; its tasks: " + names());
            return;
        }
        if (templates[k] == null) {
            if (refusedTasks.add(k)) {
                errors.add("tasks[" + k + "].templates", "task '" + name + "' has ready prompts and no templates to "
                        + "fill with examples; POST a version that gives it templates (and examples) first");
            }
            return;
        }
        int index = rows[k]++;
        if (index >= limits.maxExamplesPerTask()) {
            if (index == limits.maxExamplesPerTask()) {
                errors.add(FIELD, "line " + line + ": task '" + name + "' has more than "
                        + limits.maxExamplesPerTask() + " examples; the limit per task is "
                        + limits.maxExamplesPerTask() + " (mossa.gateway.max-prompts-per-task)");
            }
            return;
        }
        if (check(k, index, line, example)) {
            forward(k, name, example);
        }
    }

    /** Whether the example renders with its template; reports why not. */
    private boolean check(int k, int index, int line, Map<String, String> example) {
        String at = "tasks[" + k + "].examples[" + index + "] (line " + line + ")";
        if (example.isEmpty()) {
            errors.add(at, "must have at least one field");
            return false;
        }
        if (example.containsKey("")) {
            errors.add(at, "has a field without a name");
            return false;
        }
        boolean complete = true;
        List<Template> parsed = templates[k];
        for (int j = 0; j < parsed.size(); j++) {
            for (String placeholder : parsed.get(j).placeholders()) {
                if (!example.containsKey(placeholder)) {
                    complete = false;
                    int template = j;
                    Missing m = missing.computeIfAbsent(k + "\u0000" + j + "\u0000" + placeholder,
                            key -> new Missing(k, template, placeholder));
                    if (m.count++ == 0) {
                        m.first = index;
                        m.firstLine = line;
                        m.firstFields = example.keySet();
                    }
                }
            }
        }
        if (!complete) {
            return false;
        }
        int t = index % parsed.size();
        String prompt = parsed.get(t).render(example);
        if (prompt.isBlank()) {
            errors.add(at, "renders with templates[" + t + "] to a blank prompt");
            return false;
        }
        if (prompt.length() > limits.maxPromptChars()) {
            errors.add(at, "renders with templates[" + t + "] to " + prompt.length() + " characters; the limit is "
                    + limits.maxPromptChars());
            return false;
        }
        return true;
    }

    private void forward(int k, String name, Map<String, String> example) throws IOException {
        byte[] row = JSON.writeValueAsBytes(example);
        bytes[k] += row.length;
        if (!errors.isEmpty() || !missing.isEmpty()) {
            return;
        }
        out.write(("{\"task\":" + JSON.writeValueAsString(name) + ",\"row\":").getBytes(StandardCharsets.UTF_8));
        out.write(row);
        out.write('}');
        out.write(NEWLINE);
        forwarded++;
    }

    /**
     * Completes the upload: reports what only the whole upload shows (placeholders missing, too few examples, the
     * version's limits) and, when there was no problem at all, writes the end line.
     *
     * @throws ApiProblem 413 when the version would pass its examples or bytes limit
     */
    void finish() throws IOException {
        for (Missing m : missing.values()) {
            TaskInfo task = version.tasks().get(m.task);
            errors.add("tasks[" + m.task + "].templates[" + m.template + "]", "placeholder {" + m.placeholder
                    + "} is missing from example " + m.first + " (line " + m.firstLine + " of the upload) of task '"
                    + task.name() + "'" + (m.count > 1 ? " and " + (m.count - 1) + " more examples" : "")
                    + "; fields of that example: " + String.join(", ", m.firstFields));
        }
        if (!errors.isEmpty()) {
            return;
        }
        long examples = 0;
        long size = 0;
        boolean any = false;
        for (int k = 0; k < rows.length; k++) {
            TaskInfo task = version.tasks().get(k);
            if (rows[k] == 0) {
                examples += task.rows();
                size += task.bytes();
                continue;
            }
            any = true;
            examples += rows[k];
            size += bytes[k];
            if (rows[k] < TaskSetValidator.MIN_PROMPTS) {
                errors.add("tasks[" + k + "].examples", "the upload holds only one example of task '" + task.name()
                        + "'; CKA needs at least " + TaskSetValidator.MIN_PROMPTS + " examples");
            }
        }
        if (!any && errors.isEmpty()) {
            errors.add(FIELD, "the upload holds no examples");
        }
        if (!errors.isEmpty()) {
            return;
        }
        if (examples > limits.maxVersionExamples()) {
            throw ApiProblem.payloadTooLarge("task set '" + version.id() + "' would hold " + examples
                    + " examples; the limit (mossa.gateway.task-sets.max-version-examples) is "
                    + limits.maxVersionExamples()).with("property", "mossa.gateway.task-sets.max-version-examples");
        }
        if (size > limits.maxVersionBytes()) {
            throw ApiProblem.payloadTooLarge("task set '" + version.id() + "' would hold " + size
                    + " bytes of examples; the limit (mossa.gateway.task-sets.max-version-size) is "
                    + limits.maxVersionBytes() + " bytes").with("property", "mossa.gateway.task-sets.max-version-size");
        }
        out.write(("{\"end\":{\"rows\":" + forwarded + "}}\n").getBytes(StandardCharsets.UTF_8));
    }

    private String names() {
        List<String> all = List.copyOf(positions.keySet());
        int shown = Math.min(all.size(), 20);
        return String.join(", ", all.subList(0, shown)) + (all.size() > shown ? " and " + (all.size() - shown)
                + " more" : "");
    }
}
