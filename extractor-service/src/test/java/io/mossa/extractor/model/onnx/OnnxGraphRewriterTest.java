package io.mossa.extractor.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.mossa.extractor.OrtDirect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OnnxGraphRewriterTest {

    /** "[CLS] the cat sat on the mat . [SEP]" in the MiniLM vocabulary. */
    private static final long[] IDS = {101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102};

    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2.onnx, float32", "all-minilm-l6-v2-q.onnx, int8"})
    void findsEveryHiddenStateAndExposesThem(String resource, String dtype) throws Exception {
        byte[] original = OrtDirect.resource(resource);
        OnnxGraphInfo info = OnnxGraphReader.read(original);

        assertThat(info.architecture()).isEqualTo("bert");
        assertThat(info.numLayers()).isEqualTo(6);
        assertThat(info.hiddenSize()).isEqualTo(384);
        assertThat(info.vocabSize()).isEqualTo(30522);
        assertThat(info.maxTokens()).isEqualTo(512);
        assertThat(info.dtype()).isEqualTo(dtype);
        assertThat(info.inputs()).containsOnlyKeys("input_ids", "attention_mask", "token_type_ids");
        assertThat(info.hiddenStateOutputs()).hasSize(info.numLayers() + 1);
        assertThat(info.hiddenStateOutputs().get(0)).isEqualTo("/embeddings/LayerNorm/Add_1_output_0");
        for (int i = 1; i < info.numLayers(); i++) {
            assertThat(info.hiddenStateOutputs().get(i))
                    .isEqualTo("/encoder/layer." + (i - 1) + "/output/LayerNorm/Add_1_output_0");
        }
        // BERT has no final norm: the last block's output is last_hidden_state itself.
        assertThat(info.hiddenStateOutputs().get(info.numLayers())).isEqualTo("last_hidden_state");

        byte[] rewritten = OnnxGraphRewriter.exposeHiddenStates(original, info);
        OnnxGraphInfo reread = OnnxGraphReader.read(rewritten);
        assertThat(reread.graphOutputs()).containsExactlyInAnyOrderElementsOf(
                new java.util.LinkedHashSet<>(info.hiddenStateOutputs()));
        assertThat(reread.hiddenStateOutputs()).isEqualTo(info.hiddenStateOutputs());

        Map<String, float[]> expected;
        try (OrtDirect direct = new OrtDirect(original)) {
            assertThat(direct.outputNames()).containsExactly("last_hidden_state");
            expected = direct.run(IDS);
        }
        try (OrtDirect direct = new OrtDirect(rewritten)) {
            assertThat(direct.outputNames()).hasSize(info.numLayers() + 1);
            Map<String, float[]> all = direct.run(IDS);
            for (String name : info.hiddenStateOutputs()) {
                assertThat(all.get(name)).as(name).hasSize(IDS.length * 384);
            }
            // Exposing intermediates must not change the result of the original graph.
            assertThat(all.get("last_hidden_state")).containsExactly(expected.get("last_hidden_state"));
            // Consecutive layers differ (each block does something): guards against exposing one tensor twice.
            List<String> names = info.hiddenStateOutputs();
            for (int i = 1; i < names.size(); i++) {
                assertThat(all.get(names.get(i))).isNotEqualTo(all.get(names.get(i - 1)));
            }
        }
    }

    @Test
    void rejectsBytesThatAreNotAnEncoder() {
        assertThatThrownBy(() -> OnnxGraphReader.read("this is not a model".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OnnxGraphException.class);
        assertThatThrownBy(() -> OnnxGraphReader.read(new byte[0]))
                .isInstanceOf(OnnxGraphException.class).hasMessageContaining("no graph");
    }

    @Test
    void appendedOutputsKeepEverythingElse() throws Exception {
        byte[] original = OrtDirect.resource("all-minilm-l6-v2-q.onnx");
        byte[] rewritten = OnnxGraphRewriter.appendOutputs(original, List.of("a", "b"));
        OnnxGraphInfo before = OnnxGraphReader.read(original);
        OnnxGraphInfo after = OnnxGraphReader.read(rewritten);
        assertThat(after.graphOutputs()).containsExactly("last_hidden_state", "a", "b");
        assertThat(after.hiddenStateOutputs()).isEqualTo(before.hiddenStateOutputs());
        assertThat(rewritten.length).isGreaterThan(original.length);
    }
}
