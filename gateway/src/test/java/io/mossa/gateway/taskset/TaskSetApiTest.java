package io.mossa.gateway.taskset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public task-set API: the gateway's controller, validation and store client over real HTTP against a
 * stand-in of cka-service's store. JSON bodies are limited to 3000 bytes here, uploads to 6000, so that both
 * limits can be seen to be separate.
 */
@SpringBootTest(properties = {"mossa.gateway.extractor-url=http://127.0.0.1:9", "mossa.gateway.max-request-bytes=3000",
        "mossa.gateway.task-sets.max-upload-size=6000B", "mossa.gateway.max-prompts-per-task=200",
        "mossa.gateway.admin-key=" + TaskSetApiTest.ADMIN_KEY})
@AutoConfigureMockMvc
class TaskSetApiTest {

    /** Writes need an API key; the admin key is one. */
    static final String ADMIN_KEY = "task-set-test-admin-key";
    static final FakeTaskSetStore STORE;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson");
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    static {
        try {
            STORE = new FakeTaskSetStore();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("mossa.gateway.cka-url", STORE::url);
    }

    @AfterAll
    static void stop() {
        STORE.close();
    }

    @Autowired
    MockMvc mvc;

    private static String freshId() {
        return "nli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String definition(String id, String description) {
        return """
                {"id": "%s", "description": "%s", "tasks": [
                  {"name": "rte", "cluster": "nli", "split": "validation",
                   "templates": ["P: {premise} H: {hypothesis}", "{premise} => {hypothesis}?"],
                   "examples": [{"premise": "a", "hypothesis": "b"}, {"premise": "c", "hypothesis": "d"}]},
                  {"name": "anli", "cluster": "nli", "heldOut": true, "prompts": ["p1", "p2"]},
                  {"name": "sst2", "cluster": "sentiment", "templates": ["{text}"],
                   "examples": [{"text": "good"}, {"text": "bad"}]}]}""".formatted(id, description);
    }

    private JsonNode create(String id) throws Exception {
        String body = mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(definition(id, "first")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/task-sets/" + id + "/versions/1"))
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }

    private JsonNode latest(String id) throws Exception {
        return JSON.readTree(mvc.perform(get("/api/v1/task-sets/" + id)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void createListReadAndVersion() throws Exception {
        String id = freshId();
        JsonNode created = create(id);
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("tasks").get(1).get("heldOut").asBoolean()).isTrue();

        JsonNode list = JSON.readTree(mvc.perform(get("/api/v1/task-sets")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(list.get(0).get("id").asString()).isEqualTo("demo");
        assertThat(list.get(0).get("builtIn").asBoolean()).isTrue();
        JsonNode mine = null;
        for (JsonNode summary : list) {
            if (summary.get("id").asString().equals(id)) {
                mine = summary;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("builtIn").asBoolean()).isFalse();
        assertThat(mine.get("tasks").asInt()).isEqualTo(3);
        assertThat(JSON.convertValue(mine.get("clusters"), List.class)).isEqualTo(List.of("nli", "sentiment"));
        assertThat(JSON.convertValue(mine.get("heldOutTasks"), List.class)).isEqualTo(List.of("anli"));

        // the same definition again is no new version
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(definition(id, "first")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1));
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(definition(id, "second")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(2));

        mvc.perform(get("/api/v1/task-sets/" + id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2)).andExpect(jsonPath("$.description").value("second"))
                .andExpect(jsonPath("$.tasks[0].templates[1]").value("{premise} => {hypothesis}?"))
                .andExpect(jsonPath("$.tasks[0].examples[1].premise").value("c"));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("first"));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions")).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[1].version").value(2))
                .andExpect(jsonPath("$[1].heldOutTasks[0]").value("anli"));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/3")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("task set '" + id + "' has no version 3"));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/zero")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("version: must be a whole number >= 1, was 'zero'"));
        mvc.perform(get("/api/v1/task-sets/no-such-set")).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no task set 'no-such-set'"));
        mvc.perform(get("/api/v1/task-sets/no-such-set/versions")).andExpect(status().isNotFound());
    }

    @Test
    void builtInSetsAreReadOnlyButVersioned() throws Exception {
        // a built-in set has the one version its file gives (demo.json: 2)
        mvc.perform(get("/api/v1/task-sets/demo/versions")).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].version").value(2)).andExpect(jsonPath("$[0].builtIn").value(true));
        mvc.perform(get("/api/v1/task-sets/demo/versions/1")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/task-sets/demo/versions/2")).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("demo"));
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(definition("demo", "x")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(
                        "task set 'demo' is built in and read-only; store your version under another id"));
        mvc.perform(put("/api/v1/task-sets/demo/tasks/sentiment-movie-reviews/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                .content("{\"a\": \"b\"}\n")).andExpect(status().isConflict());
    }

    @Test
    void invalidDefinitionsListEveryWrongField() throws Exception {
        String body = """
                {"id": "Bad", "tasks": [
                  {"name": "t", "cluster": "c", "templates": ["{q} {answer}"], "examples": [{"q": "1"}, {"q": "2"}]},
                  {"name": "t", "templates": ["{q"], "examples": [{"q": "1"}, {"q": "2"}]},
                  {"name": "e", "cluster": "c"}]}""";
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.length()").value(6))
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[1].field").value("tasks[0].templates[0]"))
                .andExpect(jsonPath("$.errors[1].message").value("placeholder {answer} is missing from example 0 of "
                        + "task 't' and 1 more examples; fields of that example: q"))
                .andExpect(jsonPath("$.errors[2].message").value("duplicate task name 't'"))
                .andExpect(jsonPath("$.errors[3].field").value("tasks[1].cluster"))
                .andExpect(jsonPath("$.errors[4].message").value(
                        "unclosed '{' at character 1; write '{{' for a literal brace"))
                .andExpect(jsonPath("$.errors[5].message").value("empty task: give examples with templates, or prompts"));
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\": \"x\", \"tasks\": [{\"name\": \"t\", \"heldOut\": \"maybe\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("tasks[0].heldOut")));
    }

    @Test
    void jsonLinesUploadReplacesOneTasksExamplesAsANewVersion() throws Exception {
        String id = freshId();
        create(id);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            jsonl.append("{\"premise\": \"premise number ").append(i).append(" with some padding text\", ")
                    .append("\"hypothesis\": \"h").append(i).append("\", \"label\": ").append(i % 3).append("}\n");
        }
        assertThat(jsonl.length()).as("above the JSON body limit, below the upload limit").isBetween(3001, 6000);
        byte[] sent = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        // the answer says what was stored and what arrived, not the version's content
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content(sent))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/task-sets/" + id + "/versions/2"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.basedOn").value(1))
                .andExpect(jsonPath("$.rows").value(40))
                .andExpect(jsonPath("$.tasks.length()").value(1))
                .andExpect(jsonPath("$.tasks[0].name").value("rte"))
                .andExpect(jsonPath("$.tasks[0].rows").value(40))
                .andExpect(jsonPath("$.uploadBytes").value(sent.length))
                .andExpect(jsonPath("$.sha256").value(sha256Hex(sent)))
                .andExpect(jsonPath("$.examples").doesNotExist());
        JsonNode stored = latest(id);
        assertThat(stored.at("/tasks/0/examples").size()).isEqualTo(40);
        assertThat(stored.at("/tasks/0/examples/5/label").asString()).isEqualTo("2");
        assertThat(stored.at("/tasks/0/templates").size()).isEqualTo(2);
        assertThat(stored.at("/tasks/0/split").asString()).isEqualTo("validation");
        assertThat(stored.at("/tasks/2/examples/0/text").asString()).isEqualTo("good");
        // the previous version is unchanged
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/1"))
                .andExpect(jsonPath("$.tasks[0].examples.length()").value(2));
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content(jsonl.toString() + jsonl.substring(0, 2990)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.property").value("mossa.gateway.task-sets.max-upload-size"))
                .andExpect(jsonPath("$.limitBytes").value(6000));
    }

    @Test
    void csvUploadAndItsProblemsByLine() throws Exception {
        String id = freshId();
        create(id);
        String csv = "premise,hypothesis\r\n\"a, quoted\",\"with \"\"quotes\"\"\"\r\n\"two\nlines\",x\r\n";
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(CSV).content(csv))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.rows").value(2));
        JsonNode stored = latest(id);
        assertThat(stored.at("/tasks/0/examples/0/premise").asString()).isEqualTo("a, quoted");
        assertThat(stored.at("/tasks/0/examples/0/hypothesis").asString()).isEqualTo("with \"quotes\"");
        assertThat(stored.at("/tasks/0/examples/1/premise").asString()).isEqualTo("two\nlines");

        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(CSV)
                        .content("premise,hypothesis\na,b\nc\nd,e,f\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.errors[0].message").value("line 3: 1 fields, header has 2"))
                .andExpect(jsonPath("$.errors[1].message").value("line 4: 3 fields, header has 2"));
        // parsed fine, but line 3's example lacks a field the templates use
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content("{\"premise\": \"a\", \"hypothesis\": \"b\"}\n\n{\"premise\": \"c\"}\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tasks[0].templates[0]"))
                .andExpect(jsonPath("$.errors[0].message").value("placeholder {hypothesis} is missing from example 1 "
                        + "(line 3 of the upload) of task 'rte'; fields of that example: premise"));
    }

    @Test
    void uploadsToUnknownTasksWrongTypesAndPromptTasksAreRefused() throws Exception {
        String id = freshId();
        create(id);
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/nope/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content("{\"a\":\"b\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("task set '" + id + "' version 1 has no task 'nope'; its tasks: "
                        + "rte, anli, sst2"));
        mvc.perform(put("/api/v1/task-sets/no-such-set/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content("{\"a\":\"b\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/anli/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content("{\"a\":\"b\"}\n{\"a\":\"c\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tasks[1].templates"));
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the body is not valid UTF-8 text"));
    }

    /** Another version stored between the gateway's read and write: the upload is applied again to it, nothing lost. */
    @Test
    void anUploadRacingAnotherChangeIsReappliedToTheNewVersion() throws Exception {
        String id = freshId();
        create(id);
        ObjectNode meanwhile = (ObjectNode) JSON.readTree(definition(id, "changed meanwhile"));
        meanwhile.remove("id");
        STORE.beforeNextEdit(() -> STORE.store(id, meanwhile));
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/sst2/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content("{\"text\": \"fine\"}\n{\"text\": \"awful\"}\n{\"text\": \"meh\"}\n"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.version").value(3));
        JsonNode stored = latest(id);
        assertThat(stored.get("description").asString()).isEqualTo("changed meanwhile");
        assertThat(stored.at("/tasks/2/examples").size()).isEqualTo(3);
    }

    @Test
    void openApiDocumentCarriesPasteableExamples() throws Exception {
        String paths = "$.paths['/api/v1/task-sets";
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath(paths + "'].post.requestBody.content['application/json'].examples['nli-mini']"
                        + ".value.tasks[0].templates.length()").value(2))
                .andExpect(jsonPath(paths + "/{id}/tasks/{task}/examples'].put.requestBody.content"
                        + "['application/x-ndjson'].examples.jsonl.value").value(TaskSetController.JSON_LINES_EXAMPLE))
                .andExpect(jsonPath(paths + "/{id}/tasks/{task}/examples'].put.requestBody.content"
                        + "['text/csv'].examples.csv.value").value(TaskSetController.CSV_EXAMPLE))
                .andExpect(jsonPath(paths + "/{id}/versions/{version}'].get").exists());
    }

    /** The documented examples work when pasted: the definition is stored, both uploads replace its examples. */
    @Test
    void documentedExamplesWork() throws Exception {
        String id = freshId();
        mvc.perform(post("/api/v1/task-sets").header("X-API-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content(TaskSetController.DEFINITION_EXAMPLE.replace("nli-mini", id)))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL)
                        .content(TaskSetController.JSON_LINES_EXAMPLE))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.tasks[0].rows").value(4));
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/rte/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(CSV)
                        .content(TaskSetController.CSV_EXAMPLE))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.tasks[0].rows").value(3));
        assertThat(latest(id).at("/tasks/0/examples/2/premise").asString()).isEqualTo("A cat sleeps\non the sofa.");
    }

    @Test
    void examplesBodyIsReadAsUtf8() throws Exception {
        String id = freshId();
        create(id);
        byte[] body = "{\"text\": \"très bien ✓\"}\n{\"text\": \"schlecht\"}\n".getBytes(StandardCharsets.UTF_8);
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/sst2/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content(body))
                .andExpect(status().isCreated());
        assertThat(latest(id).at("/tasks/2/examples/0/text").asString()).isEqualTo("très bien ✓");
    }

    /** One upload carries rows of several tasks, gzip-compressed, in any order; unnamed tasks keep theirs. */
    @Test
    void oneGzipUploadReplacesTheExamplesOfEveryTaskItNames() throws Exception {
        String id = freshId();
        create(id);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            jsonl.append("{\"task\": \"sst2\", \"text\": \"review ").append(i).append("\"}\n");
            if (i < 60) {
                jsonl.append("{\"premise\": \"p").append(i).append("\", \"task\": \"rte\", \"hypothesis\": \"h")
                        .append(i).append("\"}\n");
            }
        }
        byte[] gzip = gzip(jsonl.toString());
        assertThat(gzip.length).as("compressed below the 6000-byte upload limit").isLessThan(6000);
        assertThat(jsonl.length()).isGreaterThan(6000);
        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content(gzip))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/task-sets/" + id + "/versions/2"))
                .andExpect(jsonPath("$.rows").value(210))
                .andExpect(jsonPath("$.tasks[0].name").value("rte"))
                .andExpect(jsonPath("$.tasks[0].rows").value(60))
                .andExpect(jsonPath("$.tasks[1].name").value("sst2"))
                .andExpect(jsonPath("$.tasks[1].rows").value(150))
                .andExpect(jsonPath("$.uploadBytes").value(gzip.length))
                .andExpect(jsonPath("$.sha256").value(sha256Hex(gzip)));
        JsonNode stored = latest(id);
        assertThat(stored.at("/tasks/0/examples/59")).isEqualTo(JSON.readTree("{\"premise\": \"p59\", \"hypothesis\": \"h59\"}"));
        assertThat(stored.at("/tasks/1/prompts").size()).isEqualTo(2);
        assertThat(stored.at("/tasks/2/examples/149/text").asString()).isEqualTo("review 149");

        // read back in pages, as JSON Lines
        String page = mvc.perform(get("/api/v1/task-sets/" + id + "/versions/2/tasks/sst2/examples")
                        .param("offset", "148").param("limit", "10"))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith(JSONL))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).isEqualTo("{\"text\":\"review 148\"}\n{\"text\":\"review 149\"}\n");
        assertThat(mvc.perform(get("/api/v1/task-sets/" + id + "/versions/1/tasks/anli/examples"))
                .andReturn().getResponse().getContentAsString()).isEqualTo("\"p1\"\n\"p2\"\n");
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/1/tasks/nope/examples"))
                .andExpect(status().isNotFound()).andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions/1/tasks/rte/examples").param("offset", "-1"))
                .andExpect(status().isBadRequest());
        assertThat(mvc.perform(get("/api/v1/task-sets/demo/versions/2/tasks/sentiment-movie-reviews/examples")
                        .param("limit", "1")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).startsWith("\"Review: ").endsWith("\"\n")
                .containsOnlyOnce("\n");
    }

    @Test
    void csvAndParquetUploadsNameTheirTasksInAColumn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String id = freshId();
        create(id);
        // above the 3000-byte JSON body limit: an upload has its own limit (6000 here), on this path too
        StringBuilder csv = new StringBuilder("task,text\nsst2,\"fine, really\"\n");
        for (int i = 0; csv.length() < 4000; i++) {
            csv.append("sst2,review number ").append(i).append(" of a long list of reviews\n");
        }
        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY).contentType(CSV)
                        .content(csv.toString()))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.tasks[0].name").value("sst2"));
        assertThat(latest(id).at("/tasks/2/examples/0/text").asString()).isEqualTo("fine, really");

        // a Parquet file as Hugging Face publishes them (snappy), with a nested column the templates do not use
        java.nio.file.Path parquet = dir.resolve("examples.parquet");
        try (var db = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var sql = db.createStatement()) {
            sql.execute("COPY (SELECT CASE WHEN i % 2 = 0 THEN 'rte' ELSE 'sst2' END AS task, 'premise ' || i AS premise,"
                    + " 'hyp ' || i AS hypothesis, 'text ' || i AS text, i AS label, [i, i] AS nested"
                    + " FROM range(40) t(i)) TO '" + parquet + "' (FORMAT parquet, COMPRESSION snappy)");
        }
        byte[] file = java.nio.file.Files.readAllBytes(parquet);
        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.parseMediaType("application/vnd.apache.parquet")).content(file))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tasks[0].rows").value(20)).andExpect(jsonPath("$.tasks[1].rows").value(20))
                .andExpect(jsonPath("$.sha256").value(sha256Hex(file)));
        JsonNode stored = latest(id);
        assertThat(stored.at("/tasks/0/examples/3")).isEqualTo(JSON.readTree(
                "{\"premise\": \"premise 6\", \"hypothesis\": \"hyp 6\", \"text\": \"text 6\", \"label\": \"6\"}"));
        assertThat(stored.at("/tasks/2/examples/19/text").asString()).isEqualTo("text 39");

        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.parseMediaType("application/vnd.apache.parquet"))
                        .content("not parquet at all".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "not a readable Parquet file: ")));
    }

    /** Every problem of an upload is reported at once, by line, and nothing is stored. */
    @Test
    void uploadProblemsAreReportedByLineAndStoreNothing() throws Exception {
        String id = freshId();
        create(id);
        String body = String.join("\n",
                "{\"task\": \"rte\", \"premise\": \"a\", \"hypothesis\": \"b\"}",  // 1: fine
                "{\"premise\": \"no task\"}",                                       // 2
                "{\"task\": \"zz\", \"q\": \"1\"}",                                   // 3
                "{\"task\": \"anli\", \"q\": \"1\"}",                                 // 4: a task of prompts
                "{\"task\": \"rte\", \"premise\": \"c\"}",                           // 5: no hypothesis
                "{\"task\": \"rte\", \"premise\": \"d\"}",                           // 6: no hypothesis
                "{\"task\": \"sst2\", \"text\": \" \"}",                               // 7: renders blank
                "");
        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(6))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "line 2: no 'task' field; in an upload to the task set every row names its task"))
                .andExpect(jsonPath("$.errors[1].message").value("line 3: task set '" + id
                        + "' version 1 has no task 'zz'; its tasks: rte, anli, sst2"))
                .andExpect(jsonPath("$.errors[2].field").value("tasks[1].templates"))
                .andExpect(jsonPath("$.errors[3].field").value("tasks[2].examples[0] (line 7)"))
                .andExpect(jsonPath("$.errors[3].message").value("renders with templates[0] to a blank prompt"))
                .andExpect(jsonPath("$.errors[4].field").value("tasks[0].templates[0]"))
                .andExpect(jsonPath("$.errors[4].message").value("placeholder {hypothesis} is missing from example 1 "
                        + "(line 5 of the upload) of task 'rte' and 1 more examples; fields of that example: premise"));
        // one example is too few; more than max-prompts-per-task (200 here) too many
        mvc.perform(post("/api/v1/task-sets/" + id + "/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content("{\"task\": \"sst2\", \"text\": \"alone\"}\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tasks[2].examples"))
                .andExpect(jsonPath("$.errors[0].message").value("the upload holds only one example of task 'sst2'; "
                        + "CKA needs at least 2 examples"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 202; i++) {
            many.append("{\"text\":\"").append(i).append("\"}\n");
        }
        mvc.perform(put("/api/v1/task-sets/" + id + "/tasks/sst2/examples").header("X-API-Key", ADMIN_KEY)
                        .contentType(JSONL).content(gzip(many.toString())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("line 201: task 'sst2' has more than 200 examples; "
                        + "the limit per task is 200 (mossa.gateway.max-prompts-per-task)"));
        mvc.perform(get("/api/v1/task-sets/" + id + "/versions")).andExpect(jsonPath("$.length()").value(1));
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
