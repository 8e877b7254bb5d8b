package io.mossa.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into stages of instructions: continuation lines joined, comments dropped, ARG
 * defaults substituted into ENV values and into FROM (whose text as written stays in {@code written}).
 * Enough for checking what the images declare, not a full parser.
 */
final class Dockerfile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    record Instruction(String keyword, String arguments) {
    }

    /** {@code from}: the base with global ARG defaults substituted; {@code written}: as in the file. */
    record Stage(String from, String written, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }
    }

    final String path;
    final List<Stage> stages = new ArrayList<>();
    private final Map<String, String> globalArgs = new LinkedHashMap<>();

    Dockerfile(String path, String text) {
        this.path = path;
        String joined = text.replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\s*\\n", " ");
        Stage current = null;
        for (String line : joined.split("\\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                current = new Stage(substitute(instruction.arguments(), globalArgs), instruction.arguments(),
                        new ArrayList<>());
                stages.add(current);
            } else if (current == null) {
                if (instruction.keyword().equals("ARG")) {
                    putAssignments(instruction.arguments(), globalArgs);
                }
            } else {
                current.instructions().add(instruction);
            }
        }
    }

    static Dockerfile read(String relativePath) {
        return new Dockerfile(relativePath, Repository.read(relativePath));
    }

    /** The default of an ARG declared before the first FROM, or null. */
    String globalArg(String name) {
        return globalArgs.get(name);
    }

    Stage build() {
        return stages.get(0);
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    /** The runtime stage's environment, ARG defaults (global ones redeclared in the stage) substituted. */
    Map<String, String> environment() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String declared : runtime().all("ARG")) {
            String name = declared.split("=", 2)[0].strip();
            Map<String, String> own = new LinkedHashMap<>();
            putAssignments(declared, own);
            args.put(name, own.get(name) != null ? own.get(name) : globalArgs.get(name));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String declared : runtime().all("ENV")) {
            Map<String, String> values = new LinkedHashMap<>();
            putAssignments(declared, values);
            values.forEach((k, v) -> {
                Matcher m = VARIABLE.matcher(v);
                StringBuilder resolved = new StringBuilder();
                while (m.find()) {
                    String value = args.containsKey(m.group(1)) ? args.get(m.group(1)) : env.get(m.group(1));
                    m.appendReplacement(resolved, Matcher.quoteReplacement(value != null ? value : m.group()));
                }
                m.appendTail(resolved);
                env.put(k, resolved.toString());
            });
        }
        return env;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = args.get(m.group(1));
            m.appendReplacement(resolved, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    private static void putAssignments(String text, Map<String, String> into) {
        Matcher m = ASSIGNMENT.matcher(text);
        boolean any = false;
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            }
            into.put(m.group(1), value);
            any = true;
        }
        if (!any && !text.isBlank()) {
            into.put(text.strip(), null); // ARG NAME without default
        }
    }
}
