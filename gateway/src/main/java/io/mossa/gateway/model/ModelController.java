package io.mossa.gateway.model;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.upstream.ExtractorClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "The models the extractor can load, with their layer counts.")
public class ModelController {

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
}
