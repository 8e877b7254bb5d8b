package io.mossa.gateway.model;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "The models the extractor can load, with their layer counts.")
public class ModelController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final ExtractorClient extractor;

    public ModelController(ExtractorClient extractor) {
        this.extractor = extractor;
    }

    @GetMapping
    @Operation(summary = "List models",
            description = "Every model the extractor knows, usable or not (an unusable one says why). "
                    + "Layer indices run from 0 (embedding output) to numLayers.")
    public List<ModelInfo> list() {
        return extractor.models();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Describe one model")
    public ModelInfo get(@PathVariable String id) {
        return extractor.models().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("no model '" + id + "'"));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a model directory",
            description = "Makes the extractor serve the model directory at 'path' (on the extractor's file "
                    + "system: model.onnx + tokenizer.json, or a HuggingFace checkpoint with config.json, "
                    + "safetensors and tokenizer.json) as 'id'. The path must lie under one of the extractor's "
                    + "mossa.extractor.model-roots once symbolic links and '..' are resolved; with no roots "
                    + "configured registration is disabled. The registration lasts until DELETE or until the "
                    + "extractor restarts; models meant to stay belong in its models-dir. Problems name the "
                    + "wrong field in 'field'.")
    @ApiResponse(responseCode = "201", description = "Registered; Location names the model")
    @ApiResponse(responseCode = "400", description = "id or path missing, or id malformed",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Registration disabled, or the path leaves the model roots",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "409", description = "The id is taken", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "422", description = "The path is not absolute, does not exist, is not a directory "
            + "or is not a usable model ('reason' carries the loader's words)", content = @Content(mediaType = PROBLEM))
    public ResponseEntity<ModelInfo> register(@RequestBody ModelRegistration registration) {
        ModelInfo model = extractor.register(registration);
        return ResponseEntity.created(URI.create("/api/v1/models/" + model.id())).body(model);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a registered model",
            description = "Removes a model registered with POST /api/v1/models and unloads it. Bundled models "
                    + "and those of the extractor's models-dir cannot be removed (409).")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No model with that id", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "409", description = "A bundled or models-dir model",
            content = @Content(mediaType = PROBLEM))
    public ResponseEntity<Void> remove(@PathVariable String id) {
        extractor.remove(id);
        return ResponseEntity.noContent().build();
    }
}
