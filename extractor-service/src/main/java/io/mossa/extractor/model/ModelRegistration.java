package io.mossa.extractor.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/models}: a model directory to serve under an id. */
@Schema(description = "A model directory (ONNX encoder or HuggingFace checkpoint) under one of "
        + "mossa.extractor.model-roots, to be served as id until removed or until the service restarts")
public record ModelRegistration(
        @Schema(example = "my-llama", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "the model id: a letter or digit, then up to 127 letters, digits, '.', '_' or '-'")
        String id,
        @Schema(example = "/models/extra/my-llama", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "absolute path of the model directory; it and every file in it must resolve "
                        + "(symbolic links followed) under a configured model root")
        String path) {
}
