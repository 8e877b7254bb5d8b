package io.mossa.extractor.model;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.mossa.extractor.ExtractorTestBase;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ModelsApiTest extends ExtractorTestBase {

    @Test
    void listsBundledModelsWithShapesWithoutLoadingThem() throws Exception {
        mvc.perform(get("/v1/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("all-minilm-l6-v2"))
                .andExpect(jsonPath("$[0].format").value("onnx"))
                .andExpect(jsonPath("$[0].architecture").value("bert"))
                .andExpect(jsonPath("$[0].numLayers").value(6))
                .andExpect(jsonPath("$[0].hiddenSize").value(384))
                .andExpect(jsonPath("$[0].dtype").value("float32"))
                .andExpect(jsonPath("$[0].maxTokens").value(512))
                .andExpect(jsonPath("$[0].vocabSize").value(30522))
                .andExpect(jsonPath("$[0].usable").value(true))
                .andExpect(jsonPath("$[0].problem").value(nullValue()))
                .andExpect(jsonPath("$[1].id").value("all-minilm-l6-v2-q"))
                .andExpect(jsonPath("$[1].dtype").value("int8"))
                .andExpect(jsonPath("$[*].id").value(hasItem("minilm-copy")));
    }

    @Test
    void describesOneModelAndAnswers404ForUnknownIds() throws Exception {
        mvc.perform(get("/v1/models/all-minilm-l6-v2-q"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.numLayers").value(6));
        mvc.perform(get("/v1/models/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("'nope'")));
    }

    @Test
    void brokenModelDirectoriesAreListedAsUnusableWithTheirReason() throws Exception {
        mvc.perform(get("/v1/models/broken"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usable").value(false))
                .andExpect(jsonPath("$.loaded").value(false))
                .andExpect(jsonPath("$.numLayers").value(nullValue()))
                .andExpect(jsonPath("$.problem").value(containsString("model.onnx")));
        mvc.perform(get("/v1/models/incomplete"))
                .andExpect(jsonPath("$.usable").value(false))
                .andExpect(jsonPath("$.problem").value(containsString("missing file model.onnx")));
        mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"broken\",\"inputs\":[{\"text\":\"hi\"}]}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("model"))
                .andExpect(jsonPath("$.detail").value(containsString("unusable")))
                .andExpect(jsonPath("$.reason").value(containsString("model.onnx")));
    }

    @Test
    void modelsFromTheDirectoryServeActivations() throws Exception {
        mvc.perform(post("/v1/activations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"minilm-copy\",\"inputs\":[{\"text\":\"hello world\"}],\"layers\":[6]}"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Mossa-Token-Counts", "4"))
                .andExpect(jsonPath("$.data[0][0].length()").value(384));
        mvc.perform(get("/v1/models/minilm-copy")).andExpect(jsonPath("$.loaded").value(true));
    }
}
