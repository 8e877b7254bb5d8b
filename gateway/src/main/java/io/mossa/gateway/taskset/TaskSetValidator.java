package io.mossa.gateway.taskset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.mossa.contract.Violations;
import io.mossa.contract.taskset.Template;

/**
 * Checks a task-set version before it is stored, reporting every problem at once by field, so that a stored
 * version always renders: {@link TaskSet.Task#prompts()} cannot fail afterwards.
 */
final class TaskSetValidator {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_TEMPLATES = 100;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_DESCRIPTION_CHARS = 2000;
    /** CKA needs at least two paired examples per task. */
    static final int MIN_PROMPTS = 2;

    /**
     * @param maxTasks           tasks per set (mossa.gateway.max-tasks)
     * @param maxExamplesPerTask examples or prompts per task (mossa.gateway.max-prompts-per-task)
     * @param maxPromptChars     characters of one prompt, as given or rendered (mossa.gateway.max-prompt-chars)
     */
    record Limits(int maxTasks, int maxExamplesPerTask, int maxPromptChars) {
        static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private final Limits limits;

    TaskSetValidator(Limits limits) {
        this.limits = limits;
    }

    void validate(TaskSet taskSet, Violations errors) {
        if (taskSet.id() == null || !ID.matcher(taskSet.id()).matches()) {
            errors.add("id", "must match " + ID.pattern() + " (lower case), was "
                    + (taskSet.id() == null ? "missing" : "'" + taskSet.id() + "'"));
        }
        checkLength(errors, "description", taskSet.description(), MAX_DESCRIPTION_CHARS);
        List<TaskSet.Task> tasks = taskSet.tasks();
        if (tasks == null || tasks.isEmpty()) {
            errors.add("tasks", "must hold at least one task");
            return;
        }
        if (tasks.size() > limits.maxTasks()) {
            errors.add("tasks", "holds " + tasks.size() + " tasks; the limit is " + limits.maxTasks());
        }
        Set<String> names = new HashSet<>();
        for (int k = 0; k < tasks.size(); k++) {
            TaskSet.Task task = tasks.get(k);
            String field = "tasks[" + k + "]";
            if (task == null) {
                errors.add(field, "must not be null");
                continue;
            }
            checkHead(errors, field, task, names);
            if (task.givenPrompts() != null && (task.examples() != null || task.templates() != null)) {
                errors.add(field, "give either prompts or examples with templates, not both");
            } else if (task.givenPrompts() != null) {
                checkPrompts(errors, field, task.givenPrompts());
            } else if (task.examples() != null) {
                checkExamples(errors, field, task);
            } else if (task.templates() != null) {
                errors.add(field + ".examples", "empty task: the templates have no examples to fill");
            } else {
                errors.add(field, "empty task: give examples with templates, or prompts");
            }
        }
    }

    private static void checkHead(Violations errors, String field, TaskSet.Task task, Set<String> names) {
        if (task.name() == null || task.name().isBlank()) {
            errors.add(field + ".name", "must not be blank");
        } else if (task.name().length() > MAX_NAME_CHARS) {
            errors.add(field + ".name", "has " + task.name().length() + " characters; the limit is " + MAX_NAME_CHARS);
        } else if (task.name().contains("/")) {
            errors.add(field + ".name", "must not contain '/' (task names appear in URL paths), was '" + task.name() + "'");
        } else if (!names.add(task.name())) {
            errors.add(field + ".name", "duplicate task name '" + task.name() + "'");
        }
        if (task.cluster() == null || task.cluster().isBlank()) {
            errors.add(field + ".cluster", "missing: every task belongs to a cluster");
        } else {
            checkLength(errors, field + ".cluster", task.cluster(), MAX_NAME_CHARS);
        }
        if (task.split() != null && task.split().isBlank()) {
            errors.add(field + ".split", "must not be blank; omit it when there is no split");
        }
        checkLength(errors, field + ".split", task.split(), MAX_NAME_CHARS);
        checkLength(errors, field + ".description", task.description(), MAX_DESCRIPTION_CHARS);
    }

    private void checkPrompts(Violations errors, String field, List<String> prompts) {
        if (!checkCount(errors, field + ".prompts", prompts.size(), "prompts")) {
            return;
        }
        for (int j = 0; j < prompts.size(); j++) {
            String prompt = prompts.get(j);
            if (prompt == null || prompt.isBlank()) {
                errors.add(field + ".prompts[" + j + "]", "must not be blank");
            } else if (prompt.length() > limits.maxPromptChars()) {
                errors.add(field + ".prompts[" + j + "]", "has " + prompt.length() + " characters; the limit is "
                        + limits.maxPromptChars());
            }
        }
    }

    private void checkExamples(Violations errors, String field, TaskSet.Task task) {
        List<Map<String, String>> examples = task.examples();
        boolean countOk = checkCount(errors, field + ".examples", examples.size(), "examples");
        List<Template> templates = parseTemplates(errors, field, task.templates());
        if (!countOk) {
            return;
        }
        boolean examplesOk = true;
        for (int i = 0; i < examples.size(); i++) {
            Map<String, String> example = examples.get(i);
            String at = exampleField(field, i);
            if (example == null || example.isEmpty()) {
                errors.add(at, "must have at least one field");
                examplesOk = false;
                continue;
            }
            for (Map.Entry<String, String> entry : example.entrySet()) {
                if (entry.getKey() == null || entry.getKey().isBlank()) {
                    errors.add(at, "has a field without a name");
                    examplesOk = false;
                } else if (entry.getValue() == null) {
                    errors.add(at, "field '" + entry.getKey() + "' has no value; give a string, number or boolean");
                    examplesOk = false;
                }
            }
        }
        if (templates == null || !examplesOk) {
            return;
        }
        if (!checkPlaceholders(errors, field, task, templates)) {
            return;
        }
        for (int i = 0; i < examples.size(); i++) {
            int t = i % templates.size();
            String prompt = templates.get(t).render(examples.get(i));
            if (prompt.isBlank()) {
                errors.add(exampleField(field, i), "renders with templates[" + t + "] to a blank prompt");
            } else if (prompt.length() > limits.maxPromptChars()) {
                errors.add(exampleField(field, i), "renders with templates[" + t + "] to " + prompt.length()
                        + " characters; the limit is " + limits.maxPromptChars());
            }
        }
    }

    /** The parsed templates, or null after reporting why they cannot be used. */
    private static List<Template> parseTemplates(Violations errors, String field, List<String> sources) {
        if (sources == null || sources.isEmpty()) {
            errors.add(field + ".templates", "examples need at least one template");
            return null;
        }
        if (sources.size() > MAX_TEMPLATES) {
            errors.add(field + ".templates", "holds " + sources.size() + " templates; the limit is " + MAX_TEMPLATES);
            return null;
        }
        List<Template> templates = new ArrayList<>();
        for (int j = 0; j < sources.size(); j++) {
            String source = sources.get(j);
            if (source == null || source.isBlank()) {
                errors.add(field + ".templates[" + j + "]", "must not be blank");
                continue;
            }
            try {
                templates.add(Template.parse(source));
            } catch (Template.SyntaxException e) {
                errors.add(field + ".templates[" + j + "]", e.getMessage());
            }
        }
        return templates.size() == sources.size() ? templates : null;
    }

    /**
     * Every placeholder of every template must be a field of every example: which template an example gets
     * follows from its position, and any prefix of the examples may be chosen for an experiment.
     */
    private static boolean checkPlaceholders(Violations errors, String field, TaskSet.Task task,
            List<Template> templates) {
        boolean ok = true;
        List<Map<String, String>> examples = task.examples();
        for (int j = 0; j < templates.size(); j++) {
            for (String placeholder : templates.get(j).placeholders()) {
                int first = -1;
                int missing = 0;
                for (int i = 0; i < examples.size(); i++) {
                    if (!examples.get(i).containsKey(placeholder)) {
                        first = first < 0 ? i : first;
                        missing++;
                    }
                }
                if (missing > 0) {
                    ok = false;
                    errors.add(field + ".templates[" + j + "]", "placeholder {" + placeholder + "} is missing from "
                            + "example " + first + " of task '" + task.name() + "'"
                            + (missing > 1 ? " and " + (missing - 1) + " more examples" : "")
                            + "; fields of that example: " + String.join(", ", examples.get(first).keySet()));
                }
            }
        }
        return ok;
    }

    private boolean checkCount(Violations errors, String field, int count, String what) {
        if (count == 0) {
            errors.add(field, "empty task: holds no " + what);
            return false;
        }
        if (count < MIN_PROMPTS) {
            errors.add(field, "holds only one; CKA needs at least " + MIN_PROMPTS + " " + what);
            return false;
        }
        if (count > limits.maxExamplesPerTask()) {
            errors.add(field, "holds " + count + " " + what + "; the limit is " + limits.maxExamplesPerTask());
            return false;
        }
        return true;
    }

    private static String exampleField(String taskField, int index) {
        return taskField + ".examples[" + index + "]";
    }

    private static void checkLength(Violations errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(field, "has " + value.length() + " characters; the limit is " + max);
        }
    }
}
