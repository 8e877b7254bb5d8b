package io.mossa.extractor.activation;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** JSON answer of {@code POST /v1/activations}. */
public record ActivationResponse(
        @Schema(example = "all-minilm-l6-v2") String model,
        @Schema(example = "[0, 6]") List<Integer> layers,
        @Schema(example = "last") String pooling,
        @Schema(description = "tokens per input, special tokens included", example = "[7, 12]") List<Integer> tokenCounts,
        @Schema(description = "[layer][input][dim] for last/mean, [layer][input][token][dim] for none") Object data) {

    static ActivationResponse of(ActivationResult result) {
        Object data;
        if (result.pooling() == Pooling.NONE) {
            int dim = result.hiddenSize();
            float[][][][] tokens = new float[result.layers().length][][][];
            for (int l = 0; l < tokens.length; l++) {
                tokens[l] = new float[result.tokenCounts().length][][];
                for (int i = 0; i < tokens[l].length; i++) {
                    float[] flat = result.values()[l][i];
                    float[][] rows = new float[result.tokenCounts()[i]][];
                    for (int t = 0; t < rows.length; t++) {
                        rows[t] = Arrays.copyOfRange(flat, t * dim, (t + 1) * dim);
                    }
                    tokens[l][i] = rows;
                }
            }
            data = tokens;
        } else {
            data = result.values();
        }
        return new ActivationResponse(result.model(), Arrays.stream(result.layers()).boxed().toList(),
                result.pooling().wireName(), Arrays.stream(result.tokenCounts()).boxed().toList(), data);
    }
}
