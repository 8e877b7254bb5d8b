package io.mossa.cka;

import static io.mossa.cka.extractor.PromptFormat.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.cka.cache.ActivationKey;
import tools.jackson.databind.JsonNode;

/**
 * The activation cache under real experiments over HTTP: {@link FakeExtractor} counts what it is asked for
 * per model and input, and every stored CKA value is checked against a naive CKA of the fake's numbers.
 * Each test uses its own prompts, so the tests do not depend on each other's cache entries.
 */
class ActivationCacheRunTest extends AbstractServiceTest {

    private static final List<Integer> LAYERS = List.of(1, 3);

    @Autowired
    MeterRegistry meters;

    private static List<String> prompts(String prefix, int n) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(prefix + " cached prompt " + i);
        }
        return prompts;
    }

    /** m-exp against {@code control} on {@code prompts}, with m-base as baseline, layers 1 and 3, same pairs. */
    private String submit(String name, String control, List<String> prompts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("experimentalModel", "m-exp");
        body.put("baselineModel", "m-base");
        body.put("layers", LAYERS);
        body.put("layerPairs", "same");
        body.put("pooling", "last");
        body.put("tasks", List.of(Map.of("name", "t", "cluster", "c", "controlModel", control, "prompts", prompts)));
        Response created = post("/v1/experiments", JSON.writeValueAsString(body));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private JsonNode runToSuccess(String name, String control, List<String> prompts) throws InterruptedException {
        String id = submit(name, control, prompts);
        for (int i = 0; i < 600; i++) {
            JsonNode experiment = get("/v1/experiments/" + id).body();
            String status = experiment.get("status").asString();
            if (status.equals("FAILED")) {
                throw new AssertionError("experiment failed: " + experiment);
            }
            if (status.equals("SUCCEEDED")) {
                JsonNode results = get("/v1/experiments/" + id + "/results").body().get("results");
                assertThat(results.size()).isEqualTo(2);
                return results;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("experiment " + id + " did not finish within 30 s");
    }

    /** Both comparisons of a result list hold the naive CKA of the fake's activations, per layer. */
    private static void assertCorrect(JsonNode results, String control, List<String> prompts) {
        for (JsonNode result : results) {
            String model = result.get("modelX").asString();
            JsonNode values = result.get("values");
            assertThat(values.size()).isEqualTo(LAYERS.size());
            for (int i = 0; i < LAYERS.size(); i++) {
                int layer = LAYERS.get(i);
                assertThat(values.get(i).get("layerX").asInt()).isEqualTo(layer);
                assertThat(values.get(i).get("cka").asDouble()).as("%s vs %s layer %d", model, control, layer)
                        .isCloseTo(naiveCka(model, control, layer, prompts), within(1e-9));
            }
        }
    }

    /** Biased linear CKA from explicitly centred Gram matrices of the fake's own vectors. */
    private static double naiveCka(String modelX, String modelY, int layer, List<String> prompts) {
        int n = prompts.size();
        double[][] k = new double[n][n];
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] = dot(FakeExtractor.activation(modelX, prompts.get(i), layer),
                        FakeExtractor.activation(modelX, prompts.get(j), layer));
                l[i][j] = dot(FakeExtractor.activation(modelY, prompts.get(i), layer),
                        FakeExtractor.activation(modelY, prompts.get(j), layer));
            }
        }
        double[][] kc = centre(k);
        double[][] lc = centre(l);
        return frobenius(kc, lc) / Math.sqrt(frobenius(kc, kc) * frobenius(lc, lc));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += (double) a[c] * b[c];
        }
        return s;
    }

    private static double[][] centre(double[][] g) {
        int n = g.length;
        double[] row = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[i] += g[i][j] / n;
            }
            all += row[i] / n;
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = g[i][j] - row[i] - row[j] + all;
            }
        }
        return c;
    }

    private static double frobenius(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    private double hits(String model) {
        var counter = meters.find("mossa.cka.activation.cache.hits").tag("model", model).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void anotherControlReusesTheExperimentalAndBaselineActivations() throws Exception {
        List<String> prompts = prompts("controls", 6);
        assertCorrect(runToSuccess("first control", "m-ctl", prompts), "m-ctl", prompts);
        // every prompt went to each model exactly once (both layers in one request)
        assertThat(EXTRACTOR.requests("m-exp", prompts)).isEqualTo(6);
        assertThat(EXTRACTOR.requests("m-base", prompts)).isEqualTo(6);
        double hitsBefore = hits("m-exp");

        JsonNode second = runToSuccess("second control", "m-ctl-twin", prompts);
        assertCorrect(second, "m-ctl-twin", prompts);
        assertThat(EXTRACTOR.requests("m-exp", prompts)).as("m-exp fetched again").isEqualTo(6);
        assertThat(EXTRACTOR.requests("m-base", prompts)).as("m-base fetched again").isEqualTo(6);
        assertThat(EXTRACTOR.requests("m-ctl-twin", prompts)).isEqualTo(6);
        assertThat(hits("m-exp") - hitsBefore).isEqualTo(LAYERS.size());
    }

    @Test
    void aRerunFetchesNothingAndGivesIdenticalResults() throws Exception {
        List<String> prompts = prompts("rerun", 5);
        JsonNode first = runToSuccess("rerun 1", "m-ctl", prompts);
        assertCorrect(first, "m-ctl", prompts);
        int callsBefore = EXTRACTOR.calls.size();
        JsonNode second = runToSuccess("rerun 2", "m-ctl", prompts);
        assertThat(EXTRACTOR.calls.size()).as("activation requests of the re-run").isEqualTo(callsBefore);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < LAYERS.size(); i++) {
                assertThat(second.get(r).get("values").get(i).get("cka").asDouble())
                        .isEqualTo(first.get(r).get("values").get(i).get("cka").asDouble());
            }
        }
        String metrics = get("/actuator/prometheus").text();
        assertThat(metrics).contains("mossa_cka_activation_cache_hits_total{model=\"m-exp\"}")
                .contains("mossa_cka_activation_cache_misses_total{model=\"m-ctl\"}")
                .contains("mossa_cka_activation_cache_bytes").contains("mossa_cka_activation_cache_evictions_total");
    }

    @Test
    void aNewModelRevisionIsFetchedAgain() throws Exception {
        List<String> prompts = prompts("revision", 4);
        runToSuccess("revision 1", "m-ctl", prompts);
        assertThat(EXTRACTOR.requests("m-exp", prompts)).isEqualTo(4);
        EXTRACTOR.setRevision("m-exp", "rev-2");
        try {
            assertCorrect(runToSuccess("revision 2", "m-ctl", prompts), "m-ctl", prompts);
            assertThat(EXTRACTOR.requests("m-exp", prompts)).as("m-exp under its new revision").isEqualTo(8);
            assertThat(EXTRACTOR.requests("m-ctl", prompts)).as("unchanged m-ctl").isEqualTo(4);
            runToSuccess("revision 2 again", "m-ctl", prompts);
            assertThat(EXTRACTOR.requests("m-exp", prompts)).as("the new revision is cached in turn").isEqualTo(8);
        } finally {
            EXTRACTOR.setRevision("m-exp", "rev-1");
        }
    }

    @Test
    void corruptEntriesAreFetchedAgainAndTheExperimentStillRight() throws Exception {
        List<String> prompts = prompts("corrupt", 6);
        runToSuccess("corrupt 1", "m-ctl", prompts);
        Path truncated = CACHE_DIR.resolve(ActivationKey.of("m-base", "rev-1", "last", 1, PLAIN, prompts).fileName());
        Path garbage = CACHE_DIR.resolve(ActivationKey.of("m-exp", "rev-1", "last", 3, PLAIN, prompts).fileName());
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.write(garbage, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 'x', 'y'});
        int callsBefore = EXTRACTOR.calls.size();

        assertCorrect(runToSuccess("corrupt 2", "m-ctl", prompts), "m-ctl", prompts);
        // exactly the two broken layers were fetched again, each for all prompts, nothing else
        List<FakeExtractor.Call> refetched = EXTRACTOR.calls.subList(callsBefore, EXTRACTOR.calls.size());
        assertThat(refetched).extracting(FakeExtractor.Call::model).containsExactlyInAnyOrder("m-base", "m-base",
                "m-exp", "m-exp"); // 6 prompts in chunks of 4
        assertThat(refetched).filteredOn(c -> c.model().equals("m-base")).allSatisfy(c ->
                assertThat(c.layers()).containsExactly(1));
        assertThat(refetched).filteredOn(c -> c.model().equals("m-exp")).allSatisfy(c ->
                assertThat(c.layers()).containsExactly(3));
        assertThat(Files.readAllBytes(truncated)).as("the entry is whole again").isEqualTo(whole);
    }

    @Test
    void anEntryOfAnotherWidthIsReplacedByTheModelsOwnActivations() throws Exception {
        List<String> prompts = prompts("width", 5);
        // a well-formed entry for layer 1 only, 9 wide where m-exp is 5 wide: as if the files changed under one revision
        Path stale = CACHE_DIR.resolve(ActivationKey.of("m-exp", "rev-1", "last", 1, PLAIN, prompts).fileName());
        try (var out = Files.newOutputStream(stale)) {
            io.mossa.tensor.npy.NpyWriter.writeFloat32(out, new int[] {5, 9}, new float[5 * 9]);
        }
        int callsBefore = EXTRACTOR.calls.size();
        assertCorrect(runToSuccess("width", "m-ctl", prompts), "m-ctl", prompts);
        // layer 3 was fetched alone (chunks of 4 and 1), then both layers together once the widths disagreed
        assertThat(EXTRACTOR.calls.subList(callsBefore, EXTRACTOR.calls.size()))
                .filteredOn(c -> c.model().equals("m-exp")).extracting(FakeExtractor.Call::layers)
                .containsExactly(List.of(3), List.of(3), List.of(1, 3), List.of(1, 3));
        assertThat(EXTRACTOR.requests("m-exp", prompts)).isEqualTo(10);
        assertThat(Files.size(stale)).as("rewritten 5 wide").isEqualTo(128 + 4 * 5 * 5);
    }
}
