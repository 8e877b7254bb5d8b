package io.mossa.extractor.model.selftest;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of one device self-test: passed only when every check passed. */
@Schema(description = "Hidden states of built-in tiny checkpoints on the configured device and dtype, "
        + "compared with CPU float32")
public record SelfTestReport(
        @Schema(description = "when the self-test finished") Instant ranAt,
        boolean passed,
        List<Check> checks) {

    /**
     * One architecture on one device and dtype.
     *
     * @param maxRelativeError the largest |device - reference| over all hidden states of all inputs, relative
     *                         to the largest magnitude of that token's reference vector; null when it failed to run
     * @param tolerance        the largest error accepted for this dtype
     * @param problem          why it failed, or null
     */
    public record Check(
            @Schema(example = "llama") String architecture,
            @Schema(example = "gpu(0)") String device,
            @Schema(example = "float16") String dtype,
            Double maxRelativeError,
            double tolerance,
            boolean passed,
            String problem) {
    }

    /** The first failing check's reason, for health details and logs; null when passed. */
    public String reason() {
        return checks.stream().filter(c -> !c.passed()).findFirst()
                .map(c -> c.architecture() + " on " + c.device() + " in " + c.dtype() + ": " + c.problem())
                .orElse(null);
    }
}
