package io.mossa.contract.experiment;

import io.mossa.contract.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** How n examples are chosen from each task; the method defaults to first, the seed to 0. */
@Schema(description = "first: the first n examples; random: a seeded uniform sample of n without replacement, "
        + "kept in the task's order (Knuth's selection sampling driven by SplitMix64: the same seed gives the "
        + "same sample on every run)")
public record Sampling(
        @Schema(defaultValue = "first", example = "random", nullable = true) SamplingMethod method,
        @Schema(description = "Only with method random", defaultValue = "0", nullable = true, example = "42")
        Long seed) {

    public static Sampling first() {
        return new Sampling(SamplingMethod.FIRST, null);
    }

    public static Sampling random(long seed) {
        return new Sampling(SamplingMethod.RANDOM, seed);
    }

    public void check(Violations violations, String prefix) {
        if (seed != null && methodOrDefault() != SamplingMethod.RANDOM) {
            violations.add(prefix + "seed", "only applies to method 'random', the method is '"
                    + methodOrDefault().wire() + "'");
        }
    }

    public Sampling withDefaults() {
        return new Sampling(methodOrDefault(), seed == null ? 0L : seed);
    }

    private SamplingMethod methodOrDefault() {
        return method == null ? SamplingMethod.FIRST : method;
    }
}
