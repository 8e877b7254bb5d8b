package io.mossa.extractor.activation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One input: either text (tokenized with the model's special tokens) or token ids used as given. */
@Schema(description = "Exactly one of text or tokenIds")
public record InputItem(
        @Schema(example = "The cat sat on the mat.") String text,
        @Schema(example = "[101, 7592, 102]") List<Long> tokenIds) {
}
