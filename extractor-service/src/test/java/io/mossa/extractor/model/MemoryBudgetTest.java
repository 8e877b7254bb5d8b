package io.mossa.extractor.model;

import static io.mossa.extractor.testmodels.HiddenStateAssertions.maxRelativeError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.testmodels.ReferenceTransformer;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.extractor.testmodels.TinyModel.Layout;

import org.springframework.util.unit.DataSize;

/**
 * The study's situation in miniature: an expert E, a base B and a control C_t, bfloat16 checkpoints that
 * do not fit the memory budget together. Requests alternate between them; the least recently used idle
 * model is unloaded to make room and loaded again when asked for, and every answer is still the model's own.
 */
class MemoryBudgetTest {

    @TempDir
    Path temp;

    @Test
    void threeModelsInABudgetForTwoAreServedInTurnWithLeastRecentlyUsedUnloading() throws Exception {
        Map<String, TinyModel> models = Map.of(
                "e", TinyModel.llamaFamily("llama", 41, 2, 10000, null),
                "b", TinyModel.llamaFamily("llama", 42, 2, 10000, null),
                "c-t", TinyModel.llamaFamily("llama", 43, 2, 10000, null));
        Path dir = temp.resolve("models");
        for (Map.Entry<String, TinyModel> m : models.entrySet()) {
            m.getValue().write(dir.resolve(m.getKey()), Layout.plain("BF16"));
        }
        TinyModel any = models.get("e");
        // bf16 on the CPU stays mapped as stored (2 bytes per parameter) plus one layer converted to float32
        // (parameters / layers x 4 bytes) while a forward pass runs
        long parameters = 0;
        ExtractorProperties probe = properties(dir, DataSize.ofGigabytes(1));
        ModelRegistry sizing = new ModelRegistry(probe);
        try {
            RegisteredModel e = sizing.get("e");
            parameters = e.info().parameterCount();
            assertThat(e.info().dtype()).isEqualTo("bfloat16");
            assertThat(e.info().computeDtype()).isEqualTo("float32");
            assertThat(e.info().memoryBytes()).isEqualTo(2 * parameters + parameters / any.layers * 4);
        } finally {
            sizing.close();
        }
        long perModel = 2 * parameters + parameters / any.layers * 4;
        ModelRegistry registry = new ModelRegistry(properties(dir, DataSize.ofBytes(2 * perModel + perModel / 2)));
        try {
            long[] tokens = {3, 9, 1, 14, 5, 7};
            List<String> requests = List.of("e", "b", "c-t", "b", "e", "c-t", "e");
            for (int step = 0; step < requests.size(); step++) {
                String id = requests.get(step);
                float[][] states = forward(registry, id, tokens, any.layers);
                double[][][] expected = new ReferenceTransformer(models.get(id)).hiddenStates(tokens);
                for (int l = 0; l <= any.layers; l++) {
                    assertThat(maxRelativeError(states[l], expected[l])).as("%s layer %d", id, l).isLessThan(1e-5);
                }
                assertThat(loaded(registry)).as("after %s", id).hasSize(Math.min(step + 1, 2)).contains(id);
            }
            // after e, b, c-t, b, e, c-t, e: the last two used are c-t and e, b is the one unloaded
            assertThat(loaded(registry)).containsExactlyInAnyOrder("c-t", "e");
        } finally {
            registry.close();
        }
    }

    private static float[][] forward(ModelRegistry registry, String id, long[] tokens, int layers) {
        float[][] out = new float[layers + 1][];
        try (var lease = registry.lease(registry.get(id))) {
            lease.encoder().forward(List.of(tokens), java.util.stream.IntStream.rangeClosed(0, layers).toArray(),
                    (input, slot, values) -> out[slot] = values);
        }
        return out;
    }

    private static List<String> loaded(ModelRegistry registry) {
        return registry.all().stream().filter(m -> registry.describe(m).loaded()).map(RegisteredModel::id).toList();
    }

    private ExtractorProperties properties(Path modelsDir, DataSize budget) {
        return new ExtractorProperties(temp.resolve("cache"), modelsDir, false, 8, 65536, 600, 300000, 1, 1,
                Duration.ofSeconds(1), 1, 1, 0, 4096, 16, 8192, budget, "cpu", null, null, null);
    }
}
