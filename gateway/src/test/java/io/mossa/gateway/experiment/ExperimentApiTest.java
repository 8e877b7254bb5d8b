package io.mossa.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.mossa.contract.experiment.ExampleSampler;
import io.mossa.contract.experiment.ExperimentDefinition;
import io.mossa.contract.experiment.Sampling;
import io.mossa.gateway.access.Caller;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The experiment endpoints over the gateway's real HTTP clients against a stand-in extractor and cka-service:
 * what the gateway sends upstream, how it answers, and who may see and change what. The callers are set as the
 * request attribute the access filter sets; the filter itself (which resolves API keys) is left out, so that
 * these tests are about the experiment endpoints' own decisions.
 */
@SpringBootTest
@AutoConfigureMockMvc(addFilters = false)
class ExperimentApiTest {

    static final FakeExperimentService UPSTREAM;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Caller ALICE = new Caller("key-alice", "alice", false);
    static final Caller BOB = new Caller("key-bob", "bob", false);
    static final Caller ADMIN = new Caller(null, "admin", true);

    static {
        try {
            UPSTREAM = new FakeExperimentService();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("mossa.gateway.cka-url", UPSTREAM::url);
        registry.add("mossa.gateway.extractor-url", UPSTREAM::url);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void submitSendsTheResolvedExperimentWithItsOwnerKeyAndVerbatimDefinition() throws Exception {
        String definition = """
                {"name": "sampled", "experimentalModel": "deep", "controlModel": "small", "visibility": "private",
                 "tasks": [{"name": "t", "cluster": "c", "prompts": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
                            "heldOut": true,
                            "split": "test"}],
                 "examplesPerTask": 8, "sampling": {"method": "random", "seed": 9},
                 "similarity": {"estimator": "debiased"}, "statistics": {"bootstrap": 20, "confidence": 0.9}}""";
        MockHttpServletResponse first = mvc.perform(as(ALICE, post("/api/v1/experiments"))
                        .header("Idempotency-Key", "attempt-1").contentType(MediaType.APPLICATION_JSON)
                        .content(definition))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.owner").value("key-alice"))
                .andReturn().getResponse();
        JsonNode view = JSON.readTree(first.getContentAsString());
        assertThat(first.getHeader("Location")).isEqualTo("/api/v1/experiments/" + view.get("id").asString());

        JsonNode sent = UPSTREAM.last("POST").body();
        assertThat(sent.get("owner").asString()).isEqualTo("key-alice");
        assertThat(sent.get("idempotencyKey").asString()).isEqualTo("attempt-1");
        assertThat(sent.get("definition")).as("stored as submitted").isEqualTo(JSON.readTree(definition));
        assertThat(sent.get("visibility").asString()).isEqualTo("private");
        assertThat(sent.get("estimator").asString()).isEqualTo("debiased");
        assertThat(sent.get("bootstrap").asInt()).isEqualTo(20);
        assertThat(sent.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(sent.get("layers")).hasSize(7);
        JsonNode task = sent.get("tasks").get(0);
        assertThat(task.get("heldOut").asBoolean()).isTrue();
        assertThat(task.get("split").asString()).isEqualTo("test");
        List<String> prompts = JSON.convertValue(task.get("prompts"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        List<String> all = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(prompts).hasSize(8).isSubsetOf(all).isSorted();
        assertThat(prompts).as("the seeded sample of the planner").isEqualTo(ExampleSampler.choose(all, 8, Sampling.random(9)));

        // the same submission again: the same experiment, 200 instead of 202
        mvc.perform(as(ALICE, post("/api/v1/experiments")).header("Idempotency-Key", "attempt-1")
                        .contentType(MediaType.APPLICATION_JSON).content(definition))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", first.getHeader("Location")))
                .andExpect(jsonPath("$.id").value(view.get("id").asString()));
        // the key for another definition: cka-service's 409 passed on
        mvc.perform(as(ALICE, post("/api/v1/experiments")).header("Idempotency-Key", "attempt-1")
                        .contentType(MediaType.APPLICATION_JSON).content(definition.replace("sampled", "other")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Idempotency-Key: already used for a different experiment"));
    }

    @Test
    void badSubmissionsNameTheFieldAndReachNoService() throws Exception {
        int before = UPSTREAM.received.size();
        mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"x\", \"experimentalModel\": \"small\", \"controlModel\": \"small\", "
                                + "\"taskSett\": \"demo\", \"similarity\": {\"kernal\": \"rbf\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("taskSett",
                        "similarity.kernal")))
                .andExpect(jsonPath("$.errors[0].message").value("unknown field"));
        mvc.perform(post("/api/v1/experiments").header("Idempotency-Key", "k".repeat(201))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                .andExpect(jsonPath("$.detail").value("Idempotency-Key: must be at most 200 characters, has 201"));
        assertThat(UPSTREAM.received).hasSize(before);

        mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "x", "experimentalModel": "small", "controlModel": "huge",
                         "tasks": [{"name": "t", "cluster": "c", "prompts": ["a", "b"]}], "layers": [7]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("controlModel: unknown model 'huge'; known models: small, deep; "
                        + "layers[0]: layer 7 is out of range for model 'small' (valid: 0..6)"));
    }

    @Test
    void listPassesFiltersAndReadableByAndPagesWithCursorAndLinkHeader() throws Exception {
        String model = "m-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            submit(ALICE, "page-" + i, "public", model);
        }
        String listed = mvc.perform(as(BOB, get("/api/v1/experiments")).param("model", model).param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.experiments.length()").value(2))
                .andExpect(jsonPath("$.experiments[0].name").value("page-2"))
                .andExpect(jsonPath("$.nextCursor").value("2"))
                .andExpect(header().string("Link", "</api/v1/experiments?limit=2&model=" + model
                        + "&cursor=2>; rel=\"next\""))
                .andReturn().getResponse().getContentAsString();
        assertThat(UPSTREAM.last("GET").query()).containsEntry("readableBy", "key-bob").containsEntry("model", model)
                .containsEntry("limit", "2");
        assertThat(listed).contains("page-1");
        mvc.perform(as(BOB, get("/api/v1/experiments")).param("model", model).param("limit", "2")
                        .param("cursor", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.experiments[0].name").value("page-0"))
                .andExpect(jsonPath("$.nextCursor").doesNotExist())
                .andExpect(header().doesNotExist("Link"));

        mvc.perform(get("/api/v1/experiments").param("status", "CANCELLED")).andExpect(status().isOk());
        assertThat(UPSTREAM.last("GET").query()).as("anonymous: public only").containsEntry("readableBy", "")
                .containsEntry("status", "CANCELLED");
        mvc.perform(as(ADMIN, get("/api/v1/experiments"))).andExpect(status().isOk());
        assertThat(UPSTREAM.last("GET").query()).as("admin: everything").doesNotContainKey("readableBy");

        mvc.perform(get("/api/v1/experiments").param("status", "DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("status: must be one of [CANCELLED, FAILED, PENDING, RUNNING, "
                        + "SUCCEEDED], was 'DONE'"));
        mvc.perform(get("/api/v1/experiments").param("limit", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("limit: must be between 1 and 500, was 501"));
    }

    @Test
    void aPrivateExperimentIsNotFoundForOthers() throws Exception {
        String id = submit(ALICE, "secret", "private", "small");
        mvc.perform(as(ALICE, get("/api/v1/experiments/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.visibility").value("private"));
        mvc.perform(as(ADMIN, get("/api/v1/experiments/" + id))).andExpect(status().isOk());
        for (Caller other : new Caller[] {BOB, Caller.ANONYMOUS}) {
            mvc.perform(as(other, get("/api/v1/experiments/" + id)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value("no experiment with id '" + id + "'"));
            mvc.perform(as(other, post("/api/v1/experiments/" + id + "/cancel"))).andExpect(status().isNotFound());
            mvc.perform(as(other, get("/api/v1/experiments/" + id + "/results")).accept(MediaType.TEXT_PLAIN))
                    .andExpect(status().isNotFound());
        }
    }

    @Test
    void lifecycleCancelRerunDeleteByTheOwnerOnly() throws Exception {
        String id = submit(ALICE, "lifecycle", "public", "small");
        String path = "/api/v1/experiments/" + id;
        mvc.perform(as(BOB, post(path + "/cancel")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("experiment '" + id + "' belongs to another API key; only its "
                        + "owner or the administrator may change it"));
        mvc.perform(as(BOB, delete(path))).andExpect(status().isForbidden());

        mvc.perform(as(ALICE, delete(path)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("experiment is PENDING; cancel it first"));
        mvc.perform(as(ALICE, post(path + "/cancel")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(as(ALICE, post(path + "/cancel")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("experiment is already CANCELLED"));
        mvc.perform(as(ADMIN, post(path + "/rerun")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.runs").value(2));
        mvc.perform(as(ALICE, post(path + "/rerun"))).andExpect(status().isConflict());
        UPSTREAM.setStatus(UUID.fromString(id), "FAILED");
        mvc.perform(as(ALICE, delete(path))).andExpect(status().isNoContent());
        mvc.perform(as(ALICE, get(path))).andExpect(status().isNotFound());
        mvc.perform(as(ALICE, post(path + "/rerun"))).andExpect(status().isNotFound());
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "mossa_gateway_experiment_actions_total{action=\"rerun\",application=\"gateway\"}")));
    }

    @Test
    void anExperimentWithoutOwnerMayBeChangedByAnyone() throws Exception {
        String id = submit(Caller.ANONYMOUS, "ownerless", "public", "small");
        mvc.perform(as(BOB, post("/api/v1/experiments/" + id + "/cancel")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(delete("/api/v1/experiments/" + id)).andExpect(status().isNoContent());
    }

    @Test
    void theLifecycleIsDocumented() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/cancel'].post.responses['409'].content"
                        + "['application/problem+json']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}/rerun'].post.summary").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments/{id}'].delete.responses['204']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/experiments'].post.parameters[?(@.name == 'Idempotency-Key')]")
                        .exists())
                .andExpect(jsonPath("$.components.schemas.ExperimentDefinition.properties.sampling").exists())
                .andExpect(jsonPath("$.components.schemas.ExperimentDefinition.properties.controlModels.example"
                        + "['sentiment-movie-reviews']").value("all-minilm-l6-v2"))
                .andExpect(jsonPath("$.components.schemas.ExperimentDefinition.properties.layers.example[6]").value(6))
                .andDo(result -> java.nio.file.Files.writeString(java.nio.file.Path.of("target", "api-docs.json"),
                        result.getResponse().getContentAsString()));
    }

    /**
     * Submits a one-task experiment of small vs small. {@code marker} becomes the task's cluster, so that a
     * listing filtered by it finds these experiments only (the stand-in's model filter matches any value).
     */
    private String submit(Caller caller, String name, String visibility, String marker) throws Exception {
        String control = "small";
        String definition = JSON.createObjectNode().put("name", name).put("experimentalModel", "small")
                .put("controlModel", control).put("visibility", visibility).toString();
        JsonNode body = JSON.readTree(definition);
        ((tools.jackson.databind.node.ObjectNode) body).putArray("tasks").addObject().put("name", "t")
                .put("cluster", marker).putArray("prompts").add("a").add("b");
        String response = mvc.perform(as(caller, post("/api/v1/experiments")).contentType(MediaType.APPLICATION_JSON)
                        .content(body.toString()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        return JSON.readTree(response).get("id").asString();
    }

    private static MockHttpServletRequestBuilder as(Caller caller, MockHttpServletRequestBuilder request) {
        return request.requestAttr(Caller.ATTRIBUTE, caller);
    }
}
