package io.mossa.extractor.model;

import static io.mossa.extractor.testmodels.HiddenStateAssertions.maxRelativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.mossa.extractor.ExtractorTestBase;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.testmodels.ReferenceTransformer;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.extractor.testmodels.TinyModel.Layout;
import io.mossa.tensor.npy.NpyArray;
import io.mossa.web.problem.ApiProblem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.util.unit.DataSize;

/**
 * POST and DELETE /v1/models: model directories registered at runtime from under the model root
 * ({@link ExtractorTestBase#MODEL_ROOT}), the paths that must not get in, and the models that must not go.
 */
class ModelRegistrationTest extends ExtractorTestBase {

    private static final long[] IDS = {1, 5, 9, 14, 3, 22, 7};

    private ResultActions register(String id, Object path) throws Exception {
        String body = "{\"id\":" + (id == null ? "null" : "\"" + id + "\"") + ",\"path\":"
                + (path == null ? "null" : "\"" + path + "\"") + "}";
        return mvc.perform(post("/v1/models").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions problem(ResultActions result, int status, String field, String detail) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value(field))
                .andExpect(jsonPath("$.detail").value(containsString(detail)));
    }

    /** Every layer of {@link #IDS} as the service computes it for the model, against the plain-loop reference. */
    private void servesHiddenStatesOf(String id, TinyModel model) throws Exception {
        byte[] body = mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON)
                        .header("Accept", "application/x-npy")
                        .content("{\"model\":\"" + id + "\",\"inputs\":[{\"tokenIds\":" + Arrays.toString(IDS)
                                + "}],\"pooling\":\"none\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        NpyArray served = npy(body);
        double[][][] expected = new ReferenceTransformer(model).hiddenStates(IDS);
        assertThat(served.shape()).containsExactly(model.layers + 1, 1, IDS.length, model.hidden);
        int size = IDS.length * model.hidden;
        for (int l = 0; l <= model.layers; l++) {
            float[] layer = new float[size];
            for (int i = 0; i < size; i++) {
                layer[i] = (float) served.data()[l * size + i];
            }
            assertThat(maxRelativeError(layer, expected[l])).as("%s layer %d", id, l).isLessThan(1e-5);
        }
    }

    @Test
    void aCheckpointUnderTheRootIsServedUntilRemovedAndItsIdCanThenNameAnotherModel() throws Exception {
        Path gpt2 = TINY_GPT2.write(MODEL_ROOT.resolve("lifecycle-gpt2"), Layout.plain("F32"));
        Path llama = TINY_LLAMA.write(MODEL_ROOT.resolve("lifecycle-llama"), Layout.plain("F32"));

        register("reg-lifecycle", gpt2).andExpect(status().isCreated())
                .andExpect(header().string("Location", "/v1/models/reg-lifecycle"))
                .andExpect(jsonPath("$.id").value("reg-lifecycle"))
                .andExpect(jsonPath("$.architecture").value("gpt2"))
                .andExpect(jsonPath("$.numLayers").value(TINY_GPT2.layers))
                .andExpect(jsonPath("$.source").value("registered"))
                .andExpect(jsonPath("$.loaded").value(false));
        mvc.perform(get("/v1/models")).andExpect(jsonPath("$[*].id").value(hasItem("reg-lifecycle")));
        servesHiddenStatesOf("reg-lifecycle", TINY_GPT2);
        mvc.perform(get("/v1/models/reg-lifecycle")).andExpect(jsonPath("$.loaded").value(true));

        mvc.perform(delete("/v1/models/reg-lifecycle")).andExpect(status().isNoContent());
        mvc.perform(get("/v1/models/reg-lifecycle")).andExpect(status().isNotFound());
        mvc.perform(get("/v1/models")).andExpect(jsonPath("$[*].id").value(not(hasItem("reg-lifecycle"))));
        mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"reg-lifecycle\",\"inputs\":[{\"tokenIds\":[1,2]}]}"))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/v1/models/reg-lifecycle")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        // the gpt2 weights were loaded under this id: the new model must not be served with them
        register("reg-lifecycle", llama).andExpect(status().isCreated())
                .andExpect(jsonPath("$.architecture").value("llama"));
        servesHiddenStatesOf("reg-lifecycle", TINY_LLAMA);
        mvc.perform(delete("/v1/models/reg-lifecycle")).andExpect(status().isNoContent());
    }

    @Test
    void anOnnxDirectoryAndALinkThatStaysUnderTheRootAreAccepted() throws Exception {
        Path onnx = Files.createDirectories(MODEL_ROOT.resolve("onnx-copy"));
        Files.copy(MODELS_DIR.resolve("minilm-copy/model.onnx"), onnx.resolve("model.onnx"));
        Files.copy(MODELS_DIR.resolve("minilm-copy/tokenizer.json"), onnx.resolve("tokenizer.json"));
        register("reg-onnx", onnx).andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("onnx"))
                .andExpect(jsonPath("$.dtype").value("int8"));
        Path link = Files.createSymbolicLink(MODEL_ROOT.resolve("onnx-link"), onnx);
        register("reg-onnx-link", link).andExpect(status().isCreated());
        mvc.perform(delete("/v1/models/reg-onnx")).andExpect(status().isNoContent());
        mvc.perform(delete("/v1/models/reg-onnx-link")).andExpect(status().isNoContent());
    }

    @Test
    void pathsOutsideTheRootAreForbiddenHoweverTheyGetThere() throws Exception {
        Path outside = MODELS_DIR.resolve("tiny-gpt2").toAbsolutePath();
        problem(register("reg-outside", outside), 403, "path", "is not under a model root");
        problem(register("reg-dotdot", MODEL_ROOT + "/../test-models/tiny-gpt2"), 403, "path",
                "is not under a model root");
        problem(register("reg-nowhere", "/no/such/place/at/all"), 403, "path", "is not under a model root");

        Path linkedDir = Files.createSymbolicLink(MODEL_ROOT.resolve("escape-dir"), outside);
        problem(register("reg-link-dir", linkedDir), 403, "path", "is not under a model root");

        Path linkedFile = TINY_GPT2.write(MODEL_ROOT.resolve("escape-file"), Layout.plain("F32"));
        Files.delete(linkedFile.resolve("model.safetensors"));
        Files.createSymbolicLink(linkedFile.resolve("model.safetensors"), outside.resolve("model.safetensors"));
        problem(register("reg-link-file", linkedFile), 403, "path", "is not under a model root")
                .andExpect(jsonPath("$.reason").value("model.safetensors links outside the model roots"));

        mvc.perform(get("/v1/models")).andExpect(jsonPath("$[*].id").value(not(hasItem(containsString("reg-")))));
    }

    @Test
    void directoriesThatAreNotModelsAreUnprocessableWithTheLoadersReason() throws Exception {
        Path badConfig = TINY_GPT2.write(MODEL_ROOT.resolve("bad-config"), Layout.plain("F32"));
        Files.writeString(badConfig.resolve("config.json"), "{\"model_type\": \"gpt2\", ");
        problem(register("reg-bad-config", badConfig), 422, "path", "is not a usable model")
                .andExpect(jsonPath("$.reason").value(containsString("config.json is not valid JSON")));
        Path empty = Files.createDirectories(MODEL_ROOT.resolve("empty"));
        problem(register("reg-empty", empty), 422, "path", "missing file model.onnx");
        Path file = Files.writeString(MODEL_ROOT.resolve("a-file.txt"), "not a directory");
        problem(register("reg-file", file), 422, "path", "is not a directory");
        problem(register("reg-missing", MODEL_ROOT.resolve("not-there")), 422, "path", "does not exist");
        problem(register("reg-relative", "target/test-model-root/empty"), 422, "path", "must be an absolute path");
        mvc.perform(get("/v1/models/reg-bad-config")).andExpect(status().isNotFound());
    }

    @Test
    void idsMustBeWellFormedAndFree() throws Exception {
        Path gpt2 = TINY_GPT2.write(MODEL_ROOT.resolve("ids-gpt2"), Layout.plain("F32"));
        problem(register("tiny-gpt2", gpt2), 409, "id", "model id 'tiny-gpt2' is taken");
        problem(register("all-minilm-l6-v2", gpt2), 409, "id", "is taken");
        problem(register("../evil", gpt2), 400, "id", "must match");
        problem(register("-dash-first", gpt2), 400, "id", "must match");
        problem(register("x".repeat(129), gpt2), 400, "id", "must match");
        problem(register(null, gpt2), 400, "id", "id is required");
        problem(register("reg-no-path", null), 400, "path", "path is required");
        mvc.perform(post("/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\":\"reg-x\",\"path\":\"" + gpt2 + "\",\"dir\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void onlyRegisteredModelsCanBeRemoved() throws Exception {
        mvc.perform(get("/v1/models/all-minilm-l6-v2")).andExpect(jsonPath("$.source").value("bundled"));
        mvc.perform(get("/v1/models/tiny-gpt2")).andExpect(jsonPath("$.source").value("models-dir"));
        problem(mvc.perform(delete("/v1/models/all-minilm-l6-v2")), 409, "id", "comes from the service itself");
        problem(mvc.perform(delete("/v1/models/tiny-gpt2")), 409, "id",
                "comes from mossa.extractor.models-dir");
        mvc.perform(get("/v1/models/tiny-gpt2")).andExpect(status().isOk());
    }

    @Test
    void withoutModelRootsRegistrationIsDisabled(@TempDir Path temp) throws Exception {
        Path gpt2 = TINY_GPT2.write(temp.resolve("gpt2"), Layout.plain("F32"));
        for (List<Path> roots : List.of(List.<Path>of(), List.of(temp.resolve("does-not-exist")))) {
            ExtractorProperties properties = new ExtractorProperties(temp.resolve("cache"), null, false, 8, 65536,
                    600, 300000, 1, 1, java.time.Duration.ofSeconds(1), 1, 1, 0, 4096, 16, 8192,
                    DataSize.ofGigabytes(1), "cpu", null, null, roots);
            ModelRegistry registry = new ModelRegistry(properties);
            try {
                assertThatThrownBy(() -> registry.register("reg-disabled", gpt2.toString()))
                        .isInstanceOfSatisfying(ApiProblem.class, p -> {
                            assertThat(p.getStatusCode().value()).isEqualTo(403);
                            assertThat(p.getBody().getDetail()).contains("registering models is disabled",
                                    "mossa.extractor.model-roots");
                        });
                assertThat(registry.all()).extracting(RegisteredModel::id).doesNotContain("reg-disabled");
            } finally {
                registry.close();
            }
        }
    }
}
