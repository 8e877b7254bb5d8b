package io.mossa.extractor.model.hf;

import static io.mossa.extractor.testmodels.HiddenStateAssertions.maxRelativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.List;

import io.mossa.extractor.ExtractorTestBase;
import io.mossa.extractor.testmodels.ReferenceTransformer;
import io.mossa.tensor.npy.NpyArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** HuggingFace checkpoints through the HTTP API: listing, numbers, pooling, templates and bad input. */
class CheckpointApiTest extends ExtractorTestBase {

    private ResultActions send(String body, String accept) throws Exception {
        return mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON).header("Accept", accept)
                .content(body));
    }

    private NpyArray activations(String body) throws Exception {
        return npy(send(body, "application/x-npy").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray());
    }

    private static long parameters(io.mossa.extractor.testmodels.TinyModel model) {
        return model.weights.values().stream().mapToLong(w -> w.length).sum();
    }

    @Test
    void checkpointsAreListedWithTheirShapesBeforeLoading() throws Exception {
        mvc.perform(get("/v1/models/tiny-llama"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.format").value("safetensors"))
                .andExpect(jsonPath("$.architecture").value("llama"))
                .andExpect(jsonPath("$.numLayers").value(3))
                .andExpect(jsonPath("$.hiddenSize").value(32))
                .andExpect(jsonPath("$.vocabSize").value(TINY_LLAMA.vocab))
                .andExpect(jsonPath("$.maxTokens").value(64))
                .andExpect(jsonPath("$.dtype").value("bfloat16"))
                .andExpect(jsonPath("$.computeDtype").value("float32"))
                .andExpect(jsonPath("$.parameters").value(parameters(TINY_LLAMA)))
                // bfloat16 kept as stored (2 bytes each) + one of the 3 layers' share converted to float32 at a time
                .andExpect(jsonPath("$.memoryBytes").value(2 * parameters(TINY_LLAMA)
                        + parameters(TINY_LLAMA) / 3 * 4))
                .andExpect(jsonPath("$.chatTemplate").value("llama-2"))
                .andExpect(jsonPath("$.usable").value(true));
        mvc.perform(get("/v1/models/tiny-gpt2"))
                .andExpect(jsonPath("$.architecture").value("gpt2"))
                .andExpect(jsonPath("$.dtype").value("float16"))
                .andExpect(jsonPath("$.maxTokens").value(48))
                .andExpect(jsonPath("$.chatTemplate").value(nullValue()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hf-corrupt-config   | config.json is not valid JSON",
            "hf-missing-config   | missing file config.json",
            "hf-truncated        | truncated",
            "hf-wrong-shape      | tensor 'h.0.mlp.c_fc.weight' has shape [32, 128], but config.json implies [32, 96]",
            "hf-unsupported-type | model_type \"t5\" is not supported"})
    void brokenCheckpointsAreListedUnusableAndRefusedByNameWhileOthersServe(String id, String reason)
            throws Exception {
        mvc.perform(get("/v1/models/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usable").value(false))
                .andExpect(jsonPath("$.numLayers").value(nullValue()))
                .andExpect(jsonPath("$.problem").value(containsString(reason)));
        send("{\"model\":\"" + id + "\",\"inputs\":[{\"tokenIds\":[1,2]}]}", "application/json")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("model"))
                .andExpect(jsonPath("$.detail").value(allOf(containsString("'" + id + "'"), containsString(reason))));
        send("{\"model\":\"tiny-gpt2\",\"inputs\":[{\"tokenIds\":[1,2]}]}", "application/json")
                .andExpect(status().isOk());
    }

    @Test
    void servedHiddenStatesMatchThePlainLoopReference() throws Exception {
        long[] ids = {1, 5, 9, 14, 3, 22, 7};
        NpyArray served = activations("{\"model\":\"tiny-llama\",\"inputs\":[{\"tokenIds\":" + Arrays.toString(ids)
                + "}],\"pooling\":\"none\"}");
        assertThat(served.shape()).containsExactly(4, 1, ids.length, 32);
        double[][][] expected = new ReferenceTransformer(TINY_LLAMA).hiddenStates(ids);
        for (int l = 0; l <= 3; l++) {
            float[] layer = floats(served.data(), l * ids.length * 32, ids.length * 32);
            assertThat(maxRelativeError(layer, expected[l])).as("layer %d", l).isLessThan(1e-5);
        }
    }

    /** compute-dtype bfloat16 on this CPU's bfloat16 units: weights served from the mapped file, numbers within bfloat16. */
    @Test
    void bfloat16ComputeServesHiddenStatesWithinBfloat16Rounding() throws Exception {
        mvc.perform(get("/v1/models/tiny-llama-bf16"))
                .andExpect(jsonPath("$.usable").value(true))
                .andExpect(jsonPath("$.dtype").value("bfloat16"))
                .andExpect(jsonPath("$.computeDtype").value("bfloat16"))
                .andExpect(jsonPath("$.device").value("cpu()"))
                // the mapped bfloat16 file and nothing converted
                .andExpect(jsonPath("$.memoryBytes").value(2 * parameters(TINY_LLAMA)));
        long[] ids = {1, 5, 9, 14, 3, 22, 7};
        NpyArray served = activations("{\"model\":\"tiny-llama-bf16\",\"inputs\":[{\"tokenIds\":"
                + Arrays.toString(ids) + "}],\"pooling\":\"none\"}");
        double[][][] expected = new ReferenceTransformer(TINY_LLAMA).hiddenStates(ids);
        double worst = 0;
        for (int l = 0; l <= 3; l++) {
            double error = maxRelativeError(floats(served.data(), l * ids.length * 32, ids.length * 32), expected[l]);
            assertThat(error).as("layer %d", l).isLessThan(8 * Math.pow(2, -8) * (l + 1));
            worst = Math.max(worst, error);
        }
        assertThat(worst).as("computed in bfloat16, not float32").isGreaterThan(1e-4);
    }

    @Test
    void textGetsTheTokenizersBosAndEqualsItsTokenIds() throws Exception {
        long[] ids = {TINY_LLAMA.id("<s>"), TINY_LLAMA.id("the"), TINY_LLAMA.id("cat"), TINY_LLAMA.id("sat")};
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"the cat sat\"}]}", "application/json")
                .andExpect(header().string("X-Mossa-Token-Counts", "4"));
        NpyArray fromText = activations("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"the cat sat\"}],"
                + "\"pooling\":\"none\"}");
        NpyArray fromIds = activations("{\"model\":\"tiny-llama\",\"inputs\":[{\"tokenIds\":" + Arrays.toString(ids)
                + "}],\"pooling\":\"none\"}");
        assertThat(fromText.data()).containsExactly(fromIds.data());
    }

    /** Inputs of different lengths share padded passes; "last" must be each input's last real token. */
    @Test
    void lastPoolingTakesEachInputsLastRealTokenAndBatchingChangesNothing() throws Exception {
        List<String> inputs = List.of("{\"tokenIds\":[1,4,5,6,7,8,9,10,11]}", "{\"tokenIds\":[1,12]}",
                "{\"tokenIds\":[1,13,14,15,16]}");
        String joined = String.join(",", inputs);
        NpyArray last = activations("{\"model\":\"tiny-llama\",\"inputs\":[" + joined + "],\"pooling\":\"last\"}");
        NpyArray none = activations("{\"model\":\"tiny-llama\",\"inputs\":[" + joined + "],\"pooling\":\"none\"}");
        int[] counts = {9, 2, 5};
        int layers = 4;
        int maxTokens = none.shape()[2];
        assertThat(last.shape()).containsExactly(layers, 3, 32);
        for (int i = 0; i < 3; i++) {
            NpyArray alone = activations("{\"model\":\"tiny-llama\",\"inputs\":[" + inputs.get(i)
                    + "],\"pooling\":\"last\"}");
            for (int l = 0; l < layers; l++) {
                float[] pooled = floats(last.data(), (l * 3 + i) * 32, 32);
                float[] lastRow = floats(none.data(), ((l * 3 + i) * maxTokens + counts[i] - 1) * 32, 32);
                assertThat(pooled).as("layer %d input %d", l, i).containsExactly(lastRow);
                assertThat(maxRelativeError(pooled, floats(alone.data(), l * 32, 32), 32)).isLessThan(1e-5);
            }
        }
    }

    @Test
    void chatTemplateWrapsTheTextAsTheLlama2FormatWould() throws Exception {
        String manual = "[INST] <<SYS>>\\nbe brief\\n<</SYS>>\\n\\nhello world [/INST]";
        NpyArray templated = activations("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"hello world\"}],"
                + "\"chatTemplate\":true,\"systemPrompt\":\"be brief\",\"pooling\":\"none\"}");
        NpyArray written = activations("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"" + manual + "\"}],"
                + "\"pooling\":\"none\"}");
        // <s> [ INST ] << SYS >> be brief <</ SYS >> hello world [/ INST ]
        assertThat(templated.shape()).containsExactly(4, 1, 17, 32);
        assertThat(templated.data()).containsExactly(written.data());
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"hello world\"}],\"chatTemplate\":true,"
                + "\"systemPrompt\":\"\"}", "application/json")
                .andExpect(header().string("X-Mossa-Token-Counts", "9")); // <s> [ INST ] hello world [/ INST ]
    }

    @Test
    void chatTemplateMistakesAreClientErrorsNamingTheField() throws Exception {
        send("{\"model\":\"tiny-gpt2\",\"inputs\":[{\"text\":\"hello\"}],\"chatTemplate\":true}", "application/json")
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("chatTemplate"))
                .andExpect(jsonPath("$.model").value("tiny-gpt2"))
                .andExpect(jsonPath("$.detail").value(containsString("no known chat template")));
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"text\":\"hello\"}],\"systemPrompt\":\"x\"}", "application/json")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("systemPrompt"));
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"tokenIds\":[1,2]}],\"chatTemplate\":true}", "application/json")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("inputs[0].tokenIds"));
    }

    @Test
    void tokenIdsTheModelCannotEmbedAreRefusedBeforeAnyForwardPass() throws Exception {
        send("{\"model\":\"hf-tokenizer-larger-than-model\",\"inputs\":[{\"text\":\"the zebra\"}]}",
                "application/json")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("inputs[0].text"))
                .andExpect(jsonPath("$.detail").value(containsString("token id " + (TINY_GPT2.vocab + 3))));
        send("{\"model\":\"hf-tokenizer-larger-than-model\",\"inputs\":[{\"text\":\"the cat\"}]}",
                "application/json").andExpect(status().isOk());
        send("{\"model\":\"tiny-gpt2\",\"inputs\":[{\"tokenIds\":[0," + TINY_GPT2.vocab + "]}]}",
                "application/json")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("inputs[0].tokenIds[1]"));
    }

    @Test
    void inputsLongerThanTheModelAreRefusedOrTruncated() throws Exception {
        long[] ids = new long[65];
        Arrays.fill(ids, 5);
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"tokenIds\":" + Arrays.toString(ids) + "}]}", "application/json")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("inputs[0]"))
                .andExpect(jsonPath("$.detail").value(containsString("maxTokens 64")));
        send("{\"model\":\"tiny-llama\",\"inputs\":[{\"tokenIds\":" + Arrays.toString(ids) + "}],\"truncate\":true}",
                "application/json")
                .andExpect(status().isOk())
                .andExpect(header().string("X-Mossa-Token-Counts", "64"));
    }

    /**
     * The same MiniLM weights through ONNX Runtime (rewritten graph) and through the PyTorch BERT
     * implementation: every layer of every token agrees to float32 rounding.
     */
    @Test
    void onnxAndSafetensorsPathsAgreeOnTheSameModel() throws Exception {
        String inputs = "[{\"text\":\"The cat sat on the mat.\"},{\"text\":\"Representational similarity compares "
                + "layers of two networks.\"},{\"text\":\"Why?\"}]";
        NpyArray onnx = activations("{\"model\":\"all-minilm-l6-v2\",\"inputs\":" + inputs + ",\"pooling\":\"none\"}");
        NpyArray torch = activations("{\"model\":\"minilm-safetensors\",\"inputs\":" + inputs
                + ",\"pooling\":\"none\"}");
        assertThat(torch.shape()).isEqualTo(onnx.shape());
        int[] shape = onnx.shape();
        int dim = shape[3];
        int[] counts = {9, 10, 4}; // [CLS] ... [SEP]; rows beyond an input's count are NPY zero padding
        double worst = 0;
        for (int l = 0; l < shape[0]; l++) {
            for (int i = 0; i < shape[1]; i++) {
                int from = (l * shape[1] + i) * shape[2] * dim;
                worst = Math.max(worst, maxRelativeError(floats(torch.data(), from, counts[i] * dim),
                        floats(onnx.data(), from, counts[i] * dim), dim));
            }
        }
        assertThat(worst).isLessThan(1e-5); // measured 2.7e-6: float32 summation order only
        mvc.perform(get("/v1/models/minilm-safetensors")).andExpect(jsonPath("$.loaded").value(true))
                .andExpect(jsonPath("$.parameters").value(MINILM_PARAMETERS));
    }

    /** BertModel without pooler: embeddings, then 6 x (4 dense 384x384, 2 LayerNorms, 384 <-> 1536 MLP). */
    private static final long MINILM_PARAMETERS = (30522L + 512 + 2) * 384 + 2 * 384
            + 6 * (4L * (384 * 384 + 384) + 2 * 2 * 384 + (384 * 1536 + 1536) + (1536 * 384 + 384));

    private static float[] floats(double[] values, int from, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) values[from + i];
        }
        return out;
    }
}
