package io.mossa.gateway.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/v1/models}, passed to the extractor as it is. */
@Schema(description = "A model directory on the extractor's file system (ONNX encoder or HuggingFace checkpoint) "
        + "under one of the extractor's mossa.extractor.model-roots, to be served as id until it is removed or "
        + "the extractor restarts")
public record ModelRegistration(
        @Schema(example = "my-llama", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "the model id: a letter or digit, then up to 127 letters, digits, '.', '_' or '-'")
        String id,
        @Schema(example = "/models/extra/my-llama", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "absolute path of the model directory as the extractor sees it; it and every file "
                        + "in it must resolve (symbolic links followed) under a model root")
        String path) {
}
