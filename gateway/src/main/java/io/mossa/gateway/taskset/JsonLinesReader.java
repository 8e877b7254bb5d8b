package io.mossa.gateway.taskset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mossa.contract.Violations;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads examples from JSON Lines: one JSON object per line whose values are strings, numbers or booleans
 * (numbers are kept as written: {@code 1e3} stays "1e3"). Blank lines are skipped. Reads line by line and hands each
 * example to a {@link RowSink}, so memory holds one line, never the upload; a bad line is reported by its number and
 * reading goes on.
 */
final class JsonLinesReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonLinesReader() {
    }

    static void read(Reader in, Violations errors, RowSink sink) throws IOException {
        BufferedReader reader = new BufferedReader(in, 65536);
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> example = parse(line, number, errors);
            if (example != null) {
                sink.row(number, example);
            }
        }
    }

    /** One line's object, or null after reporting what is wrong with it. */
    private static Map<String, String> parse(String line, int number, Violations errors) {
        String at = "line " + number + ": ";
        Map<String, String> example = new LinkedHashMap<>();
        boolean valid = true;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                errors.add(RowSink.FIELD, at + "expected a JSON object");
                return null;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getString();
                    default -> null;
                };
                if (text == null) {
                    errors.add(RowSink.FIELD, at + "field '" + field + "' is " + describe(value)
                            + "; give a string, number or boolean");
                    parser.skipChildren();
                    valid = false;
                } else if (example.putIfAbsent(field, text) != null) {
                    errors.add(RowSink.FIELD, at + "field '" + field + "' appears twice");
                    valid = false;
                }
            }
            if (parser.nextToken() != null) {
                errors.add(RowSink.FIELD, at + "more than one JSON value on the line");
                return null;
            }
        } catch (JacksonException e) {
            errors.add(RowSink.FIELD, at + "not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        return valid ? example : null;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.name();
        };
    }
}
