package io.mossa.gateway.experiment;

import java.util.ArrayDeque;
import java.util.Deque;

import io.mossa.contract.Violations;
import io.mossa.contract.WireName;
import io.mossa.contract.experiment.ExperimentDefinition;
import io.mossa.web.json.JsonProblems;
import io.mossa.web.json.StrictJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Reads a submitted definition strictly: a field the definition does not have is an error (a misspelt
 * "examplesPerTsk" must not silently run every example), and every unknown field is named at once, by its path.
 * A name outside the contract's vocabulary ("kernel": "cosine") is recorded for the planner, which reports it
 * with every other problem of the definition.
 */
final class DefinitionReader {

    private static final ObjectReader READER = StrictJson.mapper().readerFor(ExperimentDefinition.class);

    private DefinitionReader() {
    }

    /** @param wrongNames where names outside the vocabulary are recorded (the field is then read as absent) */
    static ExperimentDefinition read(JsonNode body, Violations wrongNames) {
        if (body == null || !body.isObject()) {
            Violations errors = new Violations();
            errors.add("body", "must be a JSON object (an experiment definition)");
            errors.throwIfAny();
        }
        Violations unknown = new Violations();
        ExperimentDefinition definition;
        try {
            // from text rather than the tree: a text parser reports the path of an unknown field exactly
            definition = READER.withHandler(new UnknownFields(unknown, wrongNames)).readValue(body.toString());
        } catch (JacksonException e) {
            JsonProblems.FieldProblem problem = JsonProblems.describe(e);
            Violations errors = new Violations();
            errors.add(problem.field(), problem.message());
            errors.throwIfAny();
            throw e;
        }
        unknown.throwIfAny();
        return definition;
    }

    /**
     * Records each unknown field and skips its value, so that all of them are reported together; records each
     * wrong name and reads it as absent.
     */
    private static final class UnknownFields extends DeserializationProblemHandler {

        private final Violations errors;
        private final Violations wrongNames;

        UnknownFields(Violations errors, Violations wrongNames) {
            this.errors = errors;
            this.wrongNames = wrongNames;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
                String failureMsg) throws JacksonException {
            if (targetType.isEnum() && WireName.class.isAssignableFrom(targetType)) {
                wrongNames.add(path(context.getParser().streamReadContext()),
                        WireName.notOneOf((Class<? extends Enum<?>>) targetType, value));
                return null;
            }
            return NOT_HANDLED;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                ValueDeserializer<?> deserializer, Object beanOrClass, String name) throws JacksonException {
            // the parser may already stand inside the field's value: go up to the object that has the field
            TokenStreamContext field = parser.streamReadContext();
            while (field.getParent() != null && !(field.inObject() && name.equals(field.currentName()))) {
                field = field.getParent();
            }
            errors.add(path(field), "unknown field");
            parser.skipChildren();
            return true;
        }
    }

    /** The field's path as the errors name fields elsewhere: tasks[0].prompt. */
    private static String path(TokenStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.push("[" + c.getCurrentIndex() + "]");
            } else if (c.currentName() != null) {
                segments.push((c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.currentName());
            }
        }
        return String.join("", segments);
    }
}
