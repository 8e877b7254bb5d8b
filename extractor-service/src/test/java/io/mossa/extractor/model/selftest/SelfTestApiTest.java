package io.mossa.extractor.model.selftest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import io.mossa.extractor.ExtractorTestBase;

/** The self-test as a running service shows it: at start-up, on demand, in health, readiness and metrics. */
class SelfTestApiTest extends ExtractorTestBase {

    /** float32 on the CPU, and bfloat16 because a test model is configured to compute in it (ExtractorTestBase). */
    @Test
    void theStartUpSelfTestPassedOnTheCpuAndShowsInHealthAndMetrics() throws Exception {
        mvc.perform(get("/v1/self-test")).andExpect(status().isOk())
                .andExpect(jsonPath("$.passed").value(true))
                .andExpect(jsonPath("$.checks", hasSize(8)))
                .andExpect(jsonPath("$.checks[*].architecture").value(org.hamcrest.Matchers.contains("gpt2", "gpt2",
                        "llama", "llama", "qwen2", "qwen2", "bert", "bert")))
                .andExpect(jsonPath("$.checks[0].device").value("cpu()"))
                .andExpect(jsonPath("$.checks[0].dtype").value("float32"))
                .andExpect(jsonPath("$.checks[0].maxRelativeError").value(lessThanOrEqualTo(1e-5), Double.class))
                .andExpect(jsonPath("$.checks[1].dtype").value("bfloat16"))
                .andExpect(jsonPath("$.checks[1].tolerance").value(org.hamcrest.Matchers.closeTo(8 * Math.pow(2, -8) * 3, 1e-12), Double.class));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.deviceSelfTest.status").value("UP"))
                .andExpect(jsonPath("$.components.deviceSelfTest.details.checks", hasSize(8)));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andExpect(content().string(containsString("mossa_extractor_selftest_passed 1.0")))
                .andExpect(content().string(containsString(
                        "mossa_extractor_selftest_error{architecture=\"llama\",dtype=\"float32\"}")))
                .andExpect(content().string(containsString(
                        "mossa_extractor_selftest_error{architecture=\"llama\",dtype=\"bfloat16\"}")));
    }

    @Test
    void aSelfTestRunsOnDemand() throws Exception {
        String before = mvc.perform(get("/v1/self-test")).andReturn().getResponse().getContentAsString();
        mvc.perform(post("/v1/self-test")).andExpect(status().isOk())
                .andExpect(jsonPath("$.passed").value(true))
                .andExpect(jsonPath("$.ranAt").value(org.hamcrest.Matchers.not(
                        com.jayway.jsonpath.JsonPath.<String>read(before, "$.ranAt"))));
    }
}
