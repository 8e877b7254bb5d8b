package io.mossa.extractor.model;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "models", description = "Registered models and their shapes")
public class ModelController {

    private final ModelRegistry registry;

    public ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(summary = "List models", description = "Every registered model, usable or not; unusable ones "
            + "carry the reason in 'problem'. Shapes come from the ONNX graph or config.json and the safetensors "
            + "headers, so nothing is loaded to list them.")
    public List<ModelDescriptor> list() {
        return registry.all().stream().map(registry::describe).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Describe one model", description = "404 problem+json when the id is unknown.")
    public ModelDescriptor get(@PathVariable String id) {
        return registry.describe(registry.get(id));
    }
}
