package io.mossa.extractor.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.mossa.extractor.ExtractorTestBase;
import io.mossa.extractor.OrtDirect;
import io.mossa.tensor.npy.NpyArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

/**
 * The numbers themselves: checked against paths that do not go through the service (ONNX Runtime on
 * the original graph, the embedding weights), against each other (pooling), and across batching.
 */
class HiddenStatesTest extends ExtractorTestBase {

    static final long[] CAT_IDS = {101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102};
    static final int DIM = 384;
    static final List<String> TEXTS = List.of("The cat sat on the mat.", "hello world",
            "Representational similarity compares layers of two networks on the same inputs.", "Why?");

    private NpyArray activations(String model, String inputs, String layers, String pooling) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"inputs\":[" + inputs + "]"
                + (layers == null ? "" : ",\"layers\":" + layers) + ",\"pooling\":\"" + pooling + "\"}";
        byte[] bytes = mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON)
                        .header("Accept", "application/x-npy").content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        return npy(bytes);
    }

    private static String ids(long[] ids) {
        return "{\"tokenIds\":" + Arrays.toString(ids) + "}";
    }

    private static String text(String text) {
        return "{\"text\":\"" + text + "\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "all-minilm-l6-v2-q"})
    void lastLayerEqualsTheOriginalGraphRunDirectly(String model) throws Exception {
        NpyArray served = activations(model, ids(CAT_IDS), "[6]", "none");
        float[] expected;
        try (OrtDirect direct = new OrtDirect(OrtDirect.resource(model + ".onnx"))) {
            expected = direct.run(CAT_IDS).get("last_hidden_state");
        }
        assertThat(served.shape()).containsExactly(1, 1, CAT_IDS.length, DIM);
        assertThat(toFloats(served.data())).containsExactly(expected);
    }

    @Test
    void layerZeroIsTheEmbeddingOutputComputedFromTheWeights() throws Exception {
        NpyArray served = activations("all-minilm-l6-v2", ids(CAT_IDS), "[0]", "none");
        float[] expected = EmbeddingReference.fromModel(OrtDirect.resource("all-minilm-l6-v2.onnx")).embed(CAT_IDS);
        double[] got = served.data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void textIsTokenizedWithTheModelsSpecialTokens() throws Exception {
        NpyArray fromText = activations("all-minilm-l6-v2", text(TEXTS.get(0)), null, "none");
        NpyArray fromIds = activations("all-minilm-l6-v2", ids(CAT_IDS), null, "none");
        assertThat(fromText.shape()).containsExactly(7, 1, CAT_IDS.length, DIM);
        assertThat(fromText.data()).containsExactly(fromIds.data());
    }

    @Test
    void meanAndLastPoolingMatchANaiveComputationFromEveryToken() throws Exception {
        String inputs = text(TEXTS.get(0)) + "," + text(TEXTS.get(1));
        int[] counts = {9, 4};
        NpyArray none = activations("all-minilm-l6-v2", inputs, "[0,2,6]", "none");
        NpyArray mean = activations("all-minilm-l6-v2", inputs, "[0,2,6]", "mean");
        NpyArray last = activations("all-minilm-l6-v2", inputs, "[0,2,6]", "last");
        int maxTokens = none.shape()[2];
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < 2; i++) {
                for (int d = 0; d < DIM; d++) {
                    double sum = 0;
                    for (int t = 0; t < counts[i]; t++) {
                        sum += none.data()[((l * 2 + i) * maxTokens + t) * DIM + d];
                    }
                    int pooled = (l * 2 + i) * DIM + d;
                    assertThat(mean.data()[pooled]).isEqualTo((double) (float) (sum / counts[i]));
                    assertThat(last.data()[pooled])
                            .isEqualTo(none.data()[((l * 2 + i) * maxTokens + counts[i] - 1) * DIM + d]);
                }
            }
        }
    }

    /** Different lengths together must give bit-for-bit what each gives alone (see OnnxEncoder). */
    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "all-minilm-l6-v2-q"})
    void inputsTogetherEqualEachInputAloneExactly(String model) throws Exception {
        String all = TEXTS.stream().map(HiddenStatesTest::text).collect(Collectors.joining(","));
        NpyArray together = activations(model, all, null, "none");
        int layers = 7;
        int n = TEXTS.size();
        int maxTokens = together.shape()[2];
        for (int i = 0; i < n; i++) {
            NpyArray alone = activations(model, text(TEXTS.get(i)), null, "none");
            int tokens = alone.shape()[2];
            for (int l = 0; l < layers; l++) {
                double[] a = Arrays.copyOfRange(alone.data(), l * tokens * DIM, (l + 1) * tokens * DIM);
                int from = ((l * n + i) * maxTokens) * DIM;
                double[] b = Arrays.copyOfRange(together.data(), from, from + tokens * DIM);
                assertThat(b).as("layer %d input %d", l, i).containsExactly(a);
            }
        }
        NpyArray meanTogether = activations(model, all, null, "mean");
        NpyArray meanAlone = activations(model, text(TEXTS.get(2)), null, "mean");
        for (int l = 0; l < layers; l++) {
            assertThat(Arrays.copyOfRange(meanTogether.data(), (l * n + 2) * DIM, (l * n + 3) * DIM))
                    .containsExactly(Arrays.copyOfRange(meanAlone.data(), l * DIM, (l + 1) * DIM));
        }
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
