package io.mossa.extractor.model.selftest;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A device whose results are wrong (every hidden state shifted by 0.25, as a faulty kernel would) fails the
 * start-up self-test: the service stays live but is not ready, and health says why.
 */
@SpringBootTest(properties = "mossa.extractor.cache-dir=target/extractor-cache-broken-device")
@AutoConfigureMockMvc
class BrokenDeviceReadinessTest {

    @TestConfiguration
    static class BrokenDevice {
        @Bean
        @Primary
        DeviceSelfTest.Loader brokenLoader() {
            return BrokenDevices.with((input, state, values) -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] += 0.25f;
                }
            });
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void theServiceIsLiveButNotReadyAndSaysWhy() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.deviceSelfTest.details.reason").value(org.hamcrest.Matchers
                        .startsWith("gpt2 on cpu() in float32: hidden states differ from CPU float32 by up to")));
        mvc.perform(get("/v1/self-test")).andExpect(status().isOk()).andExpect(jsonPath("$.passed").value(false));
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(content().string(containsString("mossa_extractor_selftest_passed 0.0")));
    }
}
