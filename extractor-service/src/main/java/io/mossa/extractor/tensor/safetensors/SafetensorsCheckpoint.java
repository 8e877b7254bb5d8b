package io.mossa.extractor.tensor.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * All tensors of a HuggingFace checkpoint directory: either one {@code model.safetensors} or the shards
 * named by {@code model.safetensors.index.json} ({@code weight_map: tensor name -> shard file}). Only
 * headers are read; see {@link SafetensorsFile}.
 */
public final class SafetensorsCheckpoint {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, SafetensorsTensor> tensors;

    private SafetensorsCheckpoint(Map<String, SafetensorsTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public static SafetensorsCheckpoint open(Path dir) throws IOException, SafetensorsException {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return sharded(dir, index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.isRegularFile(single)) {
            throw new NoSuchFileException(SINGLE_FILE + " (or " + INDEX_FILE + ")");
        }
        return new SafetensorsCheckpoint(new LinkedHashMap<>(SafetensorsFile.readHeader(single)));
    }

    private static SafetensorsCheckpoint sharded(Path dir, Path index) throws IOException, SafetensorsException {
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(Files.readString(index)).get("weight_map");
        } catch (JacksonException e) {
            throw new SafetensorsException(INDEX_FILE + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new SafetensorsException(INDEX_FILE + " has no weight_map object");
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            String shard = e.getValue().asString("");
            Path resolved = dir.resolve(shard).normalize();
            if (shard.isEmpty() || !resolved.getParent().equals(dir.normalize())) {
                throw new SafetensorsException(INDEX_FILE + ": tensor '" + e.getKey() + "' maps to '" + shard
                        + "', not a file name in the model directory");
            }
            shardOf.put(e.getKey(), shard);
        }
        Map<String, Map<String, SafetensorsTensor>> shards = new LinkedHashMap<>();
        for (String shard : new TreeSet<>(shardOf.values())) {
            shards.put(shard, SafetensorsFile.readHeader(dir.resolve(shard)));
        }
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : shardOf.entrySet()) {
            SafetensorsTensor tensor = shards.get(e.getValue()).get(e.getKey());
            if (tensor == null) {
                throw new SafetensorsException(INDEX_FILE + " places tensor '" + e.getKey() + "' in " + e.getValue()
                        + ", which does not hold it");
            }
            tensors.put(e.getKey(), tensor);
        }
        return new SafetensorsCheckpoint(tensors);
    }

    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    public SafetensorsTensor get(String name) {
        return tensors.get(name);
    }
}
