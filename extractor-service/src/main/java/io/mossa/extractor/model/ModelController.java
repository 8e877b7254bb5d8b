package io.mossa.extractor.model;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "models", description = "Registered models and their shapes")
public class ModelController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

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

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a model directory", description = "Serves the model directory at 'path' "
            + "(model.onnx + tokenizer.json, or a HuggingFace checkpoint: config.json + safetensors + "
            + "tokenizer.json) as 'id'. The path must lie under one of mossa.extractor.model-roots after "
            + "resolving symbolic links and '..'; with no roots configured registration is disabled. The files "
            + "are inspected now (shapes, tokenizer), the weights load on first use. Registrations are kept in "
            + "memory until DELETE or a restart; put a model in mossa.extractor.models-dir to keep it.")
    @ApiResponse(responseCode = "201", description = "registered; the body describes the model")
    @ApiResponse(responseCode = "400", description = "id or path missing, or id malformed",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "registration disabled, or path outside the model roots",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "409", description = "the id is taken",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "422", description = "path not absolute, missing, not a directory, or not a usable "
            + "model (the loader's reason in 'reason')",
            content = @Content(mediaType = PROBLEM))
    public ResponseEntity<ModelDescriptor> register(@RequestBody ModelRegistration registration) {
        RegisteredModel model = registry.register(registration.id(), registration.path());
        return ResponseEntity.created(URI.create("/v1/models/" + model.id())).body(registry.describe(model));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a registered model", description = "Removes a model registered with POST "
            + "/v1/models and unloads its weights (requests already using it finish first).")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "404", description = "no model with that id",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "409", description = "a bundled or models-dir model, which cannot be removed",
            content = @Content(mediaType = PROBLEM))
    public ResponseEntity<Void> remove(@PathVariable String id) {
        registry.remove(id);
        return ResponseEntity.noContent().build();
    }
}
