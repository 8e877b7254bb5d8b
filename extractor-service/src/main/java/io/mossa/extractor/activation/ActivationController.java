package io.mossa.extractor.activation;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "activations", description = "Hidden states of every layer")
public class ActivationController {

    public static final String NPY = "application/x-npy";
    public static final MediaType NPY_TYPE = MediaType.parseMediaType(NPY);
    public static final String LAYERS_HEADER = "X-Mossa-Layers";
    public static final String TOKEN_COUNTS_HEADER = "X-Mossa-Token-Counts";

    private final ActivationRequestValidator validator;
    private final ActivationService service;

    public ActivationController(ActivationRequestValidator validator, ActivationService service) {
        this.validator = validator;
        this.service = service;
    }

    @PostMapping(path = "/v1/activations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, NPY})
    @Operation(summary = "Hidden states of the requested layers",
            description = "Layer 0 is the embedding output, layer i the output of block i (HuggingFace "
                    + "hidden_states). Accept: application/json gives data as [layer][input][dim] (last, mean) or "
                    + "[layer][input][token][dim] (none); Accept: application/x-npy gives one float32 NPY array "
                    + "[layers, inputs, dim] or [layers, inputs, maxTokens, dim] zero-padded. Headers "
                    + "X-Mossa-Layers and X-Mossa-Token-Counts come with both. An input gives the same numbers "
                    + "whatever else is in the request: ONNX models run inputs one at a time; HuggingFace checkpoints "
                    + "run padded batches with attention masks (equal to the input alone up to float rounding, 1e-5 "
                    + "relative). chatTemplate: true wraps text inputs in the model's chat template.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ActivationRequest.class), examples = {
                            @ExampleObject(name = "texts, last token, all layers", value = """
                                    {"model": "all-minilm-l6-v2", "inputs": [{"text": "The cat sat."},
                                     {"text": "A much longer sentence about dogs."}], "pooling": "last"}"""),
                            @ExampleObject(name = "token ids, mean, some layers", value = """
                                    {"model": "all-minilm-l6-v2-q", "inputs": [{"tokenIds": [101, 7592, 102]}],
                                     "layers": [0, 3, 6], "pooling": "mean"}"""),
                            @ExampleObject(name = "Llama-2 chat template, last prompt token (the paper's setting)",
                                    value = """
                                    {"model": "llama-2-7b", "inputs": [{"text": "Summarize: the meeting moved."}],
                                     "chatTemplate": true, "pooling": "last"}""")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "JSON or NPY", content = {
                            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = ActivationResponse.class)),
                            @Content(mediaType = NPY, schema = @Schema(type = "string", format = "binary"))}),
                    @ApiResponse(responseCode = "400", description = "invalid field (named in detail and 'field')"),
                    @ApiResponse(responseCode = "404", description = "unknown model"),
                    @ApiResponse(responseCode = "406", description = "Accept is neither JSON nor NPY"),
                    @ApiResponse(responseCode = "409", description = "the model directory is unusable"),
                    @ApiResponse(responseCode = "413", description = "too many inputs, tokens, bytes or values"),
                    @ApiResponse(responseCode = "422", description = "an input is longer than maxTokens, or "
                            + "chatTemplate for a model without a known template"),
                    @ApiResponse(responseCode = "503", description = "busy, or the memory budget is held by "
                            + "models in use, or the model failed to load; see Retry-After")})
    public ResponseEntity<?> activations(@Valid @RequestBody ActivationRequest request,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ActivationResult result = service.compute(validator.prepare(request));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header(LAYERS_HEADER, join(result.layers()))
                .header(TOKEN_COUNTS_HEADER, join(result.tokenCounts()));
        if (wantsNpy(accept)) {
            return response.contentType(NPY_TYPE).body(NpyEncoding.encode(result));
        }
        return response.contentType(MediaType.APPLICATION_JSON).body(ActivationResponse.of(result));
    }

    /** NPY only when asked for by name and preferred to JSON; a bare or wildcard Accept gets JSON. */
    static boolean wantsNpy(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        double npy = 0;
        double json = 0;
        for (MediaType type : types) {
            if (type.equalsTypeAndSubtype(NPY_TYPE)) {
                npy = Math.max(npy, type.getQualityValue());
            } else if (type.includes(MediaType.APPLICATION_JSON)) {
                json = Math.max(json, type.isWildcardType() || type.isWildcardSubtype()
                        ? type.getQualityValue() / 2 : type.getQualityValue());
            }
        }
        return npy > 0 && npy >= json;
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
