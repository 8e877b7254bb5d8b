package io.mossa.cka.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mossa.cka.ExperimentTestSupport;
import io.mossa.cka.FakeExtractor;
import io.mossa.cka.similarity.stats.Resampler;
import tools.jackson.databind.JsonNode;

/**
 * Experiments with another measure than linear, biased CKA, end to end: what the runner stores per layer pair
 * (values, p-values, interval bounds) is recomputed here from the fake extractor's own numbers with the textbook
 * formulas of {@link ReferenceCka}, the permutations and subsamples drawn from the same seed as the definition
 * of the statistics says (StatisticsTest checks the engine the same way).
 */
class ExperimentStatisticsTest extends ExperimentTestSupport {

    private static final int N = 10;

    /** The fake's activations of {@code model} at {@code layer}, one row per prompt, widened to double. */
    private static double[][] activations(String model, int layer, List<String> prompts) {
        double[][] x = new double[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            float[] v = FakeExtractor.activation(model, prompts.get(i), layer);
            x[i] = new double[v.length];
            for (int c = 0; c < v.length; c++) {
                x[i][c] = v[c];
            }
        }
        return x;
    }

    @Test
    void debiasedCkaWithPermutationsAndIntervalsMatchesTheReference() throws Exception {
        List<String> prompts = prompts("statistics", N);
        Map<String, Object> body = experiment("statistics", List.of(task("t", "m-ctl", prompts)));
        body.put("baselineModel", "m-base");
        body.put("estimator", "debiased");
        body.put("permutations", 40);
        body.put("bootstrap", 30);
        body.put("confidence", 0.9);
        body.put("seed", 7);
        String id = submit(body);
        JsonNode view = awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(view.get("status").asString()).as(view.toString()).isEqualTo("SUCCEEDED");
        assertThat(view.get("estimator").asString()).isEqualTo("debiased");
        assertThat(view.get("kernel").asString()).isEqualTo("linear");
        JsonNode statistics = view.get("statistics");
        assertThat(statistics.get("permutations").asInt()).isEqualTo(40);
        assertThat(statistics.get("bootstrap").asInt()).isEqualTo(30);
        assertThat(statistics.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(statistics.get("seed").asLong()).isEqualTo(7);

        JsonNode results = get("/v1/experiments/" + id + "/results").body().get("results");
        assertThat(results).hasSize(2);
        for (JsonNode result : results) {
            String model = result.get("modelX").asString();
            assertThat(result.get("estimator").asString()).isEqualTo("debiased");
            assertThat(result.get("kernel").asString()).isEqualTo("linear");
            assertThat(result.get("heldOut").asBoolean()).isFalse();
            for (JsonNode value : result.get("values")) {
                int layer = value.get("layerX").asInt();
                double[][] x = activations(model, layer, prompts);
                double[][] y = activations("m-ctl", layer, prompts);
                double observed = ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(y), true);
                String what = model + " layer " + layer;
                assertThat(value.get("cka").asDouble()).as(what).isCloseTo(observed, within(1e-9));

                // p = (1 + #{permuted >= observed}) / (1 + B), the control's rows shuffled
                Resampler permutations = Resampler.forPermutations(7);
                int atLeast = 0;
                for (int b = 0; b < 40; b++) {
                    double[][] shuffled = Matrices.rows(y, permutations.permutation(N));
                    double v = ReferenceCka.cka(ReferenceCka.linear(x), ReferenceCka.linear(shuffled), true);
                    if (v >= observed - 1e-12) {
                        atLeast++;
                    }
                }
                assertThat(value.get("pValue").asDouble()).as(what).isCloseTo((1.0 + atLeast) / 41.0, within(1e-12));

                // subsampling interval: m = n/2 rows without replacement, [est - sqrt(m/n) c_hi, est - sqrt(m/n) c_lo]
                Resampler draws = Resampler.forIntervals(7);
                int m = N / 2;
                double[] deviations = new double[30];
                for (int b = 0; b < 30; b++) {
                    long[] rows = draws.subsample(N, m);
                    deviations[b] = ReferenceCka.cka(ReferenceCka.linear(Matrices.rows(x, rows)),
                            ReferenceCka.linear(Matrices.rows(y, rows)), true) - observed;
                }
                Arrays.sort(deviations);
                double scale = Math.sqrt((double) m / N);
                double low = Math.max(-1, observed - scale * quantile(deviations, 0.95));
                double high = Math.min(1, observed - scale * quantile(deviations, 0.05));
                assertThat(value.get("ciLow").asDouble()).as(what).isCloseTo(low, within(1e-9));
                assertThat(value.get("ciHigh").asDouble()).as(what).isCloseTo(high, within(1e-9));
            }
        }
        // the baseline shares only part of the control's structure: a real interval, not a point
        JsonNode baseline = results.get(1).get("values").get(0);
        assertThat(baseline.get("ciHigh").asDouble()).isGreaterThan(baseline.get("ciLow").asDouble());
    }

    /** numpy's linear interpolation between order statistics of sorted values. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    @Test
    void rbfKernelExperimentsStoreRbfCkaAndNoStatisticsUnlessAsked() throws Exception {
        List<String> prompts = prompts("rbf experiment", N);
        Map<String, Object> body = experiment("rbf", List.of(task("t", "m-ctl", prompts)));
        body.put("baselineModel", "m-base");
        body.put("kernel", "rbf");
        body.put("rbfThreshold", 0.8);
        body.put("layers", List.of(1));
        String id = submit(body);
        JsonNode view = awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(view.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(view.get("rbfThreshold").asDouble()).isEqualTo(0.8);
        assertThat(view.get("degree").isNull()).isTrue();
        JsonNode baseline = get("/v1/experiments/" + id + "/results").body().get("results").get(1);
        assertThat(baseline.get("kernel").asString()).isEqualTo("rbf");
        assertThat(baseline.get("estimator").asString()).isEqualTo("biased");
        double expected = ReferenceCka.cka(ReferenceCka.rbf(activations("m-base", 1, prompts), 0.8),
                ReferenceCka.rbf(activations("m-ctl", 1, prompts), 0.8), false);
        JsonNode value = baseline.get("values").get(0);
        assertThat(value.get("cka").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(value.get("pValue").isNull()).isTrue();
        assertThat(value.get("ciLow").isNull()).isTrue();
        assertThat(value.get("ciHigh").isNull()).isTrue();
    }

    @Test
    void chatTemplatedPromptsAreSentAsSuchAndNeverShareCacheEntriesWithPlainOnes() throws Exception {
        List<String> prompts = prompts("templated", 6);
        Map<String, Object> templated = experiment("templated", List.of(task("t", "m-ctl", prompts)));
        templated.put("baselineModel", "m-base");
        templated.put("chatTemplate", true);
        templated.put("systemPrompt", "Be brief.");
        int before = extractorCalls();
        JsonNode view = awaitStatus(submit(templated), "SUCCEEDED", "FAILED");
        assertThat(view.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(view.get("chatTemplate").asBoolean()).isTrue();
        assertThat(view.get("systemPrompt").asString()).isEqualTo("Be brief.");
        var calls = EXTRACTOR.calls.subList(before, EXTRACTOR.calls.size());
        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.chatTemplate()).isTrue();
            assertThat(call.systemPrompt()).isEqualTo("Be brief.");
        });
        List<String> rendered = prompts.stream().map(p -> FakeExtractor.templated(p, "Be brief.")).toList();
        assertBaseline(view.get("id").asString(), rendered);

        // the same prompts as plain text: fetched again (no templated entry serves them), plain values
        Map<String, Object> plain = experiment("plain", List.of(task("t", "m-ctl", prompts)));
        plain.put("baselineModel", "m-base");
        before = extractorCalls();
        JsonNode plainView = awaitStatus(submit(plain), "SUCCEEDED", "FAILED");
        var plainCalls = EXTRACTOR.calls.subList(before, EXTRACTOR.calls.size());
        assertThat(plainCalls).hasSize(3 * 2); // 3 models, 6 prompts in chunks of 4
        assertThat(plainCalls).allSatisfy(call -> {
            assertThat(call.chatTemplate()).isNull();
            assertThat(call.systemPrompt()).isNull();
        });
        assertBaseline(plainView.get("id").asString(), prompts);

        // the templated experiment again: everything from the cache
        before = extractorCalls();
        JsonNode again = awaitStatus(submit(templated), "SUCCEEDED", "FAILED");
        assertThat(EXTRACTOR.calls.size()).isEqualTo(before);
        assertBaseline(again.get("id").asString(), rendered);
        // another system prompt is another input again
        templated.put("systemPrompt", "");
        before = extractorCalls();
        awaitStatus(submit(templated), "SUCCEEDED", "FAILED");
        assertThat(EXTRACTOR.calls.subList(before, EXTRACTOR.calls.size())).hasSize(3 * 2)
                .allSatisfy(call -> assertThat(call.systemPrompt()).isEmpty());
    }

    private static int extractorCalls() {
        return EXTRACTOR.calls.size();
    }

    /** The baseline's stored CKA equals biased linear CKA of the fake's activations for {@code texts}. */
    private void assertBaseline(String id, List<String> texts) {
        JsonNode baseline = get("/v1/experiments/" + id + "/results").body().get("results").get(1);
        assertThat(baseline.get("modelX").asString()).isEqualTo("m-base");
        for (JsonNode value : baseline.get("values")) {
            int layer = value.get("layerX").asInt();
            double expected = ReferenceCka.cka(ReferenceCka.linear(activations("m-base", layer, texts)),
                    ReferenceCka.linear(activations("m-ctl", layer, texts)), false);
            assertThat(value.get("cka").asDouble()).as("layer " + layer).isCloseTo(expected, within(1e-9));
        }
    }
}
