package io.mossa.extractor.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint's {@code config.json} with typed access. Missing optional fields take the defaults of
 * the corresponding transformers config class (given by the caller); a present field of the wrong type
 * is an error naming it, never a silent default.
 */
public final class HfConfig {

    public static final String FILE = "config.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode root;

    private HfConfig(JsonNode root) {
        this.root = root;
    }

    public static HfConfig read(Path file) throws IOException, HfCheckpointException {
        String text = Files.readString(file);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new HfCheckpointException(FILE + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new HfCheckpointException(FILE + " is not a JSON object");
        }
        return new HfConfig(root);
    }

    public static HfConfig parse(String json) throws HfCheckpointException {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new HfCheckpointException(FILE + " is not a JSON object");
            }
            return new HfConfig(root);
        } catch (JacksonException e) {
            throw new HfCheckpointException(FILE + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public String modelType() throws HfCheckpointException {
        return string("model_type");
    }

    public boolean has(String key) {
        JsonNode node = root.get(key);
        return node != null && !node.isNull();
    }

    public JsonNode node(String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String key) throws HfCheckpointException {
        JsonNode node = node(key);
        if (node == null || !node.isString()) {
            throw new HfCheckpointException(FILE + ": \"" + key + "\" is " + (node == null ? "missing" : node)
                    + "; a string is required");
        }
        return node.asString();
    }

    public String string(String key, String defaultValue) throws HfCheckpointException {
        return has(key) ? string(key) : defaultValue;
    }

    public int positiveInt(String key) throws HfCheckpointException {
        JsonNode node = node(key);
        if (node == null || !node.isIntegralNumber() || node.asLong() <= 0 || node.asLong() > Integer.MAX_VALUE) {
            throw new HfCheckpointException(FILE + ": \"" + key + "\" is " + (node == null ? "missing" : node)
                    + "; a positive integer is required");
        }
        return (int) node.asLong();
    }

    public int positiveInt(String key, int defaultValue) throws HfCheckpointException {
        return has(key) ? positiveInt(key) : defaultValue;
    }

    public double positiveNumber(String key, double defaultValue) throws HfCheckpointException {
        if (!has(key)) {
            return defaultValue;
        }
        return positiveNumber(node(key), key);
    }

    public static double positiveNumber(JsonNode node, String name) throws HfCheckpointException {
        if (node == null || !node.isNumber() || !(node.asDouble() > 0)) {
            throw new HfCheckpointException(FILE + ": \"" + name + "\" is " + (node == null ? "missing" : node)
                    + "; a positive number is required");
        }
        return node.asDouble();
    }

    public boolean flag(String key, boolean defaultValue) throws HfCheckpointException {
        JsonNode node = node(key);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new HfCheckpointException(FILE + ": \"" + key + "\" is " + node + "; true or false is required");
        }
        return node.asBoolean();
    }
}
