package io.mossa.extractor.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Collections;

import io.mossa.extractor.ExtractorTestBase;
import io.mossa.tensor.npy.NpyArray;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class ActivationApiTest extends ExtractorTestBase {

    private static final String TWO_TEXTS = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"The cat sat on the mat.\"},"
            + "{\"text\":\"hello world\"}],\"layers\":[0,3,6],\"pooling\":\"mean\"}";

    private ResultActions send(String body, String accept) throws Exception {
        var request = post("/v1/activations").contentType(MediaType.APPLICATION_JSON).content(body);
        if (accept != null) {
            request.header("Accept", accept);
        }
        return mvc.perform(request);
    }

    private ResultActions problem(String body, int status, String field, String detailPart) throws Exception {
        ResultActions result = send(body, "application/json")
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString(detailPart)));
        if (field != null) {
            result.andExpect(jsonPath("$.field").value(field));
        }
        return result;
    }

    @Test
    void jsonAnswerHasShapeAndHeaders() throws Exception {
        send(TWO_TEXTS, "application/json")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("X-Mossa-Layers", "0,3,6"))
                .andExpect(header().string("X-Mossa-Token-Counts", "9,4"))
                .andExpect(jsonPath("$.model").value("all-minilm-l6-v2"))
                .andExpect(jsonPath("$.pooling").value("mean"))
                .andExpect(jsonPath("$.layers.length()").value(3))
                .andExpect(jsonPath("$.tokenCounts[0]").value(9))
                .andExpect(jsonPath("$.tokenCounts[1]").value(4))
                .andExpect(jsonPath("$.data.length()").value(3))
                .andExpect(jsonPath("$.data[0].length()").value(2))
                .andExpect(jsonPath("$.data[2][1].length()").value(384));
    }

    @Test
    void defaultsAreAllLayersLastTokenAndJson() throws Exception {
        send("{\"model\":\"all-minilm-l6-v2-q\",\"inputs\":[{\"tokenIds\":[101,7592,102]}]}", null)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("X-Mossa-Layers", "0,1,2,3,4,5,6"))
                .andExpect(header().string("X-Mossa-Token-Counts", "3"))
                .andExpect(jsonPath("$.pooling").value("last"))
                .andExpect(jsonPath("$.data.length()").value(7));
    }

    @Test
    void npyAnswerHasShapeHeadersAndTheJsonValues() throws Exception {
        byte[] bytes = send(TWO_TEXTS, "application/x-npy")
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/x-npy"))
                .andExpect(header().string("X-Mossa-Layers", "0,3,6"))
                .andExpect(header().string("X-Mossa-Token-Counts", "9,4"))
                .andReturn().getResponse().getContentAsByteArray();
        NpyArray array = npy(bytes);
        assertThat(array.shape()).containsExactly(3, 2, 384);
        String json = send(TWO_TEXTS, "application/json").andReturn().getResponse().getContentAsString();
        double fromJson = com.jayway.jsonpath.JsonPath.<Double>read(json, "$.data[2][1][5]");
        assertThat((float) array.data()[(2 * 2 + 1) * 384 + 5]).isEqualTo((float) fromJson);
    }

    @Test
    void npyForPoolingNoneIsZeroPaddedToTheLongestInput() throws Exception {
        String body = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"hello world\"},"
                + "{\"text\":\"The cat sat on the mat.\"}],\"layers\":[1],\"pooling\":\"none\"}";
        NpyArray array = npy(send(body, "application/x-npy")
                .andExpect(header().string("X-Mossa-Token-Counts", "4,9"))
                .andReturn().getResponse().getContentAsByteArray());
        assertThat(array.shape()).containsExactly(1, 2, 9, 384);
        double[] d = array.data();
        for (int t = 0; t < 9; t++) {
            boolean zero = true;
            for (int k = 0; k < 384; k++) {
                zero &= d[t * 384 + k] == 0;
            }
            assertThat(zero).as("row %d of the 4-token input", t).isEqualTo(t >= 4);
        }
        send(body, "application/json").andExpect(jsonPath("$.data[0][0].length()").value(4))
                .andExpect(jsonPath("$.data[0][1].length()").value(9))
                .andExpect(jsonPath("$.data[0][1][8].length()").value(384));
    }

    @Test
    void unacceptableAcceptIs406() throws Exception {
        send(TWO_TEXTS, "text/csv").andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("application/x-npy")));
        send(TWO_TEXTS, "*/*").andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        send(TWO_TEXTS, "application/json;q=0.5, application/x-npy").andExpect(status().isOk())
                .andExpect(content().contentType("application/x-npy"));
    }

    @Test
    void everyBadInputIsAProblemNamingTheField() throws Exception {
        problem("{\"model\":\"nope\",\"inputs\":[{\"text\":\"a\"}]}", 404, "model", "'nope'");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[]}", 400, null, "inputs");
        problem("{\"model\":\"all-minilm-l6-v2\"}", 400, null, "inputs");
        problem("{\"inputs\":[{\"text\":\"a\"}]}", 400, null, "model");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"},{}]}", 400, "inputs[1]", "neither");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\",\"tokenIds\":[101]}]}", 400, "inputs[0]",
                "both");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[null]}", 400, "inputs[0]", "null");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"  \"}]}", 400, "inputs[0].text", "empty");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"tokenIds\":[]}]}", 400, "inputs[0].tokenIds", "empty");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"layers\":[7]}", 400, "layers[0]",
                "0..6");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"layers\":[-1]}", 400, "layers[0]",
                "-1");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"layers\":[1,2,1]}", 400, "layers[2]",
                "duplicate");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"layers\":[]}", 400, "layers", "empty");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"pooling\":\"max\"}", 400, "pooling",
                "'max'");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"},{\"tokenIds\":[101,30522,102]}]}", 400,
                "inputs[1].tokenIds[1]", "30522")
                .andExpect(jsonPath("$.detail").value(containsString("vocabSize 30522")))
                .andExpect(jsonPath("$.position").value(1))
                .andExpect(jsonPath("$.input").value(1));
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"tokenIds\":[-5]}]}", 400, "inputs[0].tokenIds[0]", "-5");
        // Malformed JSON and unknown fields are handled by ProblemAdvice, naming where it failed.
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}", 400, null, "JSON");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"a\"}],\"layer\":[1]}", 400, null, "layer");
        problem("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"tokenIds\":[\"x\"]}]}", 400, null, "tokenIds");
    }

    @Test
    void limitsAreEnforcedAndNamed() throws Exception {
        String tooLong = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"x\"},{\"text\":\""
                + "word ".repeat(520) + "\"}]}";
        problem(tooLong, 422, "inputs[1]", "inputs[1] has 522 tokens");
        send(tooLong.replace("]}", "],\"truncate\":true,\"layers\":[6]}"), "application/json")
                .andExpect(status().isOk())
                .andExpect(header().string("X-Mossa-Token-Counts", "3,512"));
        String ids = "{\"model\":\"all-minilm-l6-v2-q\",\"inputs\":[{\"tokenIds\":["
                + String.join(",", Collections.nCopies(600, "1000")) + "]}],\"truncate\":true,\"layers\":[1]}";
        send(ids, "application/json").andExpect(status().isOk())
                .andExpect(header().string("X-Mossa-Token-Counts", "512"));

        String nine = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[" + String.join(",",
                Collections.nCopies(9, "{\"text\":\"a\"}")) + "]}";
        problem(nine, 413, "inputs", "max-inputs");
        String manyTokens = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[" + String.join(",",
                Collections.nCopies(2, "{\"text\":\"" + "word ".repeat(310) + "\"}")) + "]}";
        problem(manyTokens, 413, "inputs", "max-total-tokens");
        String bigResponse = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"" + "word ".repeat(120)
                + "\"}],\"pooling\":\"none\"}";
        problem(bigResponse, 413, "layers", "max-response-values");
        String huge = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[{\"text\":\"" + "a".repeat(70_000) + "\"}]}";
        send(huge, "application/json")
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("65536")));
    }

    @Test
    void docsAndActuatorAreExposed() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/v1/activations'].post.summary").exists())
                .andExpect(jsonPath("$.paths['/v1/models']").exists());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        send("{\"model\":\"all-minilm-l6-v2-q\",\"inputs\":[{\"tokenIds\":[101,102]}],\"layers\":[0]}", null)
                .andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andExpect(content().string(containsString("mossa_extractor_tokens_total")))
                .andExpect(content().string(containsString("mossa_extractor_forward_seconds")))
                .andExpect(content().string(containsString("mossa_extractor_queue_depth")));
    }
}
