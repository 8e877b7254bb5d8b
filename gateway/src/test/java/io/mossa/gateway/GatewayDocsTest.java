package io.mossa.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.mossa.web.problem.OpenApiChecks;

/**
 * The gateway on its own: documentation, health and the problems it answers without its upstream services
 * (they point at a closed port here).
 */
@SpringBootTest(properties = {"mossa.gateway.extractor-url=http://127.0.0.1:9", "mossa.gateway.cka-url=http://127.0.0.1:9",
        "mossa.gateway.max-request-bytes=4096", "mossa.gateway.admin-key=" + GatewayDocsTest.ADMIN_KEY})
@AutoConfigureMockMvc
class GatewayDocsTest {

    static final String ADMIN_KEY = "docs-test-admin-key";

    @Autowired
    MockMvc mvc;

    @Test
    void openApiDocumentCarriesTheDemoExperimentAsExample() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.openapi").value(org.hamcrest.Matchers.startsWith("3.")))
                .andExpect(jsonPath("$.paths['/api/v1/experiments'].post.requestBody.content['application/json']"
                        + ".examples.demo.value.taskSet").value("demo"))
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/results'].get").exists());
    }

    /** Checked on the served document, so that operations added anywhere in the gateway are held to it too. */
    @Test
    void openApiDocumentValidatesAndEveryOperationDocumentsItsProblems() throws Exception {
        String document = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.schemas.Problem.type").value("object"))
                .andExpect(jsonPath("$.components.schemas.Problem.properties.detail.type").value("string"))
                .andExpect(jsonPath("$.paths['/api/v1/task-sets'].get.responses['406'].content['application/problem+json']"
                        + ".schema['$ref']").value("#/components/schemas/Problem"))
                .andExpect(jsonPath("$.paths['/api/v1/models/{id}'].get.responses['404']").exists())
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(OpenApiChecks.problems(document)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(OpenApiChecks.parse(document).getOpenAPI().getPaths())
                .containsKeys("/api/v1/models", "/api/v1/models/{id}", "/api/v1/experiments");
    }

    /** The 406 documented for operations without parameters is what the gateway answers. */
    @Test
    void anAcceptHeaderThatRulesOutJsonIsA406Problem() throws Exception {
        mvc.perform(get("/api/v1/task-sets").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void swaggerUiAndHealthAreServed() throws Exception {
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    }

    /** The built-in demo set needs no other service; stored task sets live in cka-service, unreachable here. */
    @Test
    void demoTaskSetIsServedWithoutTheStore() throws Exception {
        mvc.perform(get("/api/v1/task-sets/demo"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("demo"));
        mvc.perform(get("/api/v1/task-sets"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("cka-service is unreachable; try again shortly"));
        mvc.perform(get("/api/v1/task-sets/nope"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unreachableUpstreamIsA503WithRetryAfter() throws Exception {
        mvc.perform(get("/api/v1/models"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("extractor-service is unreachable; try again shortly"));
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        mvc.perform(post("/api/v1/experiments").header("X-API-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not valid JSON")));
        mvc.perform(post("/api/v1/experiments").header("X-API-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON).content("x".repeat(5000)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value("request body of 5000 bytes exceeds the limit of 4096 bytes "
                        + "(mossa.gateway.max-request-bytes)"))
                .andExpect(jsonPath("$.property").value("mossa.gateway.max-request-bytes"))
                .andExpect(jsonPath("$.limitBytes").value(4096));
        mvc.perform(get("/api/v1/experiments/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/experiments").param("status", "DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("status: must be one of")));
    }

    @Test
    void theApiKeySchemeGuardsWritesAndTheKeyApi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(jsonPath("$.components.securitySchemes.apiKey.type").value("apiKey"))
                .andExpect(jsonPath("$.components.securitySchemes.apiKey.in").value("header"))
                .andExpect(jsonPath("$.components.securitySchemes.apiKey.name").value("X-API-Key"))
                .andExpect(jsonPath("$.paths['/api/v1/experiments'].post.security[0].apiKey").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments'].post.responses['401']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments'].get.security").doesNotExist())
                .andExpect(jsonPath("$.paths['/api/v1/api-keys'].get.security[0].apiKey").exists())
                .andExpect(jsonPath("$.paths['/api/v1/api-keys'].get.responses['403']").exists());
    }

    @Test
    void aWriteWithoutAKeyIsRefusedBeforeAnythingElse() throws Exception {
        mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "ApiKey header=\"X-API-Key\""))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.instance").value("/api/v1/experiments"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("X-API-Key: POST needs an API key")));
        // the key API is the administrator's even for reading
        mvc.perform(get("/api/v1/api-keys")).andExpect(status().isUnauthorized());
    }

    @Test
    void aMethodThePathDoesNotHaveIsA405ForEveryCallerNotA401() throws Exception {
        // no key would make PATCH of a read-only resource work: the answer says so, whoever asks
        mvc.perform(patch("/api/v1/experiments/3b61ca73-5d79-4016-afef-2c65792fe110/results/layers"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", org.hamcrest.Matchers.containsString("GET")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(405));
        mvc.perform(put("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)).andExpect(status().isMethodNotAllowed());
        // an operation that exists still needs the key, and is refused before its body is read
        mvc.perform(delete("/api/v1/experiments/3b61ca73-5d79-4016-afef-2c65792fe110"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "ApiKey header=\"X-API-Key\""))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("X-API-Key: DELETE needs an API key")));
        mvc.perform(get("/api/v1/webhooks")).andExpect(status().isUnauthorized());
    }

    @Test
    void aKeyThatCannotBeCheckedIsA503NotA401() throws Exception {
        // cka-service (which knows the keys) is unreachable here
        mvc.perform(post("/api/v1/experiments").header("X-API-Key", "mossa_some-key").contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("cannot check the API key now")));
        // the admin key needs no lookup
        mvc.perform(get("/api/v1/task-sets/demo").header("X-API-Key", ADMIN_KEY)).andExpect(status().isOk());
    }
}
