package io.mossa.contract.taskset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instruction template such as <code>"Premise: {premise}\nDoes it follow that {hypothesis}?"</code>:
 * <code>{field}</code> is replaced by the example's field, <code>{{</code> and <code>}}</code> stand for literal
 * braces (the rules of Python's {@code str.format}, which FLAN's templates were written in). Parsed once;
 * rendering cannot fail for an example that has every {@link #placeholders() placeholder}.
 */
public final class Template {

    /** A literal piece of text, or a placeholder when {@code field} is set. */
    private record Part(String text, String field) {
    }

    private final List<Part> parts;
    private final List<String> placeholders;

    private Template(List<Part> parts) {
        this.parts = parts;
        Set<String> fields = new LinkedHashSet<>();
        parts.stream().filter(p -> p.field() != null).forEach(p -> fields.add(p.field()));
        this.placeholders = List.copyOf(fields);
    }

    /** Thrown for a template that cannot be parsed; the message says where (character positions count from 1). */
    public static final class SyntaxException extends IllegalArgumentException {
        SyntaxException(String message) {
            super(message);
        }
    }

    public static Template parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                throw new SyntaxException("unbalanced '}' at character " + (i + 1) + "; write '}}' for a literal brace");
            } else if (c == '{') {
                int close = template.indexOf('}', i + 1);
                int nested = template.indexOf('{', i + 1);
                if (close < 0 || (nested >= 0 && nested < close)) {
                    throw new SyntaxException("unclosed '{' at character " + (i + 1)
                            + "; write '{{' for a literal brace");
                }
                String field = template.substring(i + 1, close);
                if (field.isBlank()) {
                    throw new SyntaxException("empty placeholder at character " + (i + 1) + "; write {field}");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, field));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), null));
        }
        return new Template(List.copyOf(parts));
    }

    /** The fields this template reads, in order of first use. */
    public List<String> placeholders() {
        return placeholders;
    }

    public boolean canRender(Map<String, String> example) {
        return example.keySet().containsAll(placeholders);
    }

    /** The template filled from the example; a missing field is a programming error (validation checks them). */
    public String render(Map<String, String> example) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.field() == null) {
                out.append(part.text());
            } else {
                String value = example.get(part.field());
                if (value == null) {
                    throw new IllegalStateException("example has no field '" + part.field() + "'");
                }
                out.append(value);
            }
        }
        return out.toString();
    }
}
