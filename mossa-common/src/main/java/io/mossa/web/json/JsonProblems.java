package io.mossa.web.json;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what was wrong with a JSON body in the client's terms: the field's path ({@code tasks[0].prompts}) and
 * what the field must be. Java types are named by their JSON kind ("an integer", "one of [A, B]"), never by
 * class, and whatever Jackson's own message adds is stripped of class and package names.
 */
public final class JsonProblems {

    /** A qualified Java name (io.mossa.x.Y, java.lang.Integer, Outer$Inner), with or without backquotes. */
    private static final Pattern QUALIFIED_NAME =
            Pattern.compile("`?\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Za-z_$][\\w$]*(?:\\[])?`?");
    private static final Pattern ENUM_VALUES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\s*\\(?at \\[Source:.*", Pattern.DOTALL);

    private JsonProblems() {
    }

    /** A field's problem: {@code field} is "body" when it concerns the body as a whole. */
    public record FieldProblem(String field, String message) {
    }

    public static FieldProblem describe(JacksonException e) {
        String path = path(e);
        String field = path.isEmpty() ? "body" : path;
        if (e instanceof PropertyBindingException) {
            return new FieldProblem(field, "unknown field");
        }
        if (e instanceof InvalidNullException) {
            return new FieldProblem(field, "must not be null");
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Cannot map `null`")) {
            return new FieldProblem(field, "is required: must not be null or missing");
        }
        if (e instanceof InputCoercionException coercion) {
            return new FieldProblem(field, "out of range: must be " + kind(coercion.getTargetType())
                    + range(coercion.getTargetType()));
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            // Jackson's message lists the values as the client writes them ("mean", not MEAN)
            var values = ENUM_VALUES.matcher(e.getOriginalMessage());
            return new FieldProblem(field, values.find() ? "must be one of " + values.group()
                    : "must be " + kind(format.getTargetType()));
        }
        if (e instanceof StrictJson.RefusedValueException) {
            return new FieldProblem(field, e.getOriginalMessage());
        }
        if (e instanceof ValueInstantiationException) {
            return new FieldProblem(field, "is invalid: " + scrub(rootMessage(e)));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldProblem(field, "must be " + kind(mismatch.getTargetType()));
        }
        if (e instanceof StreamReadException) {
            return new FieldProblem(field, "is not valid JSON: " + scrub(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        return new FieldProblem(field, scrub(e.getOriginalMessage()));
    }

    /** The path as the problems name fields everywhere: tasks[0].prompt. */
    public static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Removes Java class and package names, and Jackson's source excerpt, from a message. */
    public static String scrub(String message) {
        if (message == null) {
            return "invalid value";
        }
        String withoutSource = SOURCE_LOCATION.matcher(message).replaceAll("");
        return QUALIFIED_NAME.matcher(withoutSource).replaceAll("the expected type").trim();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (isNumber(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == java.util.UUID.class || type == java.net.URI.class
                || java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(constant);
            }
            return "one of [" + names + "]";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another type";
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }

    private static boolean isNumber(Class<?> type) {
        return Number.class.isAssignableFrom(type) || type == double.class || type == float.class
                || type == int.class || type == long.class || type == short.class || type == byte.class;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
    }
}
