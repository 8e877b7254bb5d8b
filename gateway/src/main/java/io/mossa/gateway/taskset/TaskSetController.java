package io.mossa.gateway.taskset;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.gateway.upstream.TaskSetStoreClient;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/task-sets")
@Tag(name = "Task sets", description = "Tasks (cluster, split, held-out flag) with examples and instruction templates, "
        + "or ready prompts, that experiments run on. Versioned: every change makes a new, immutable version.")
public class TaskSetController {

    static final String JSON_LINES = "application/x-ndjson";
    static final String CSV = "text/csv";
    static final String PARQUET = "application/vnd.apache.parquet";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String DEFINITION_EXAMPLE = """
            {
              "id": "nli-mini",
              "description": "Two NLI tasks, one held out",
              "tasks": [
                {
                  "name": "rte",
                  "cluster": "nli",
                  "split": "validation",
                  "templates": [
                    "Premise: {premise}\\nHypothesis: {hypothesis}\\nDoes the premise entail the hypothesis?",
                    "{premise}\\nBased on the sentence above, can we conclude that \\"{hypothesis}\\"?"
                  ],
                  "examples": [
                    {"premise": "A dog runs across the park.", "hypothesis": "An animal is moving."},
                    {"premise": "The shop closes at noon.", "hypothesis": "The shop is open all night."},
                    {"premise": "Two children read a book.", "hypothesis": "Kids are reading."}
                  ]
                },
                {
                  "name": "anli",
                  "cluster": "nli",
                  "heldOut": true,
                  "prompts": [
                    "Premise: It rained all day.\\nHypothesis: The ground is wet.\\nTrue, false or neither?",
                    "Premise: She sold her car.\\nHypothesis: She owns no bicycle.\\nTrue, false or neither?"
                  ]
                }
              ]
            }""";

    static final String JSON_LINES_EXAMPLE = """
            {"premise": "A man plays a guitar on stage.", "hypothesis": "Someone is making music."}
            {"premise": "The train left at six.", "hypothesis": "The train never left."}
            {"premise": "A cat sleeps on the sofa.", "hypothesis": "An animal is resting."}
            {"premise": "Snow covers the road.", "hypothesis": "It is a hot summer day."}
            """;

    static final String MULTI_TASK_EXAMPLE = """
            {"task": "rte", "premise": "A man plays a guitar on stage.", "hypothesis": "Someone is making music."}
            {"task": "rte", "premise": "The train left at six.", "hypothesis": "The train never left."}
            {"task": "sst2", "text": "A moving, beautifully shot film."}
            {"task": "sst2", "text": "Two hours I will never get back."}
            """;

    static final String CSV_EXAMPLE = """
            premise,hypothesis
            "A man plays a guitar, loudly, on stage.",Someone is making music.
            The train left at six.,"The train ""never"" left."
            "A cat sleeps
            on the sofa.",An animal is resting.
            """;

    private final TaskSetCatalog catalog;
    private final TaskSetVersions versions;
    private final TaskSetStoreClient store;

    public TaskSetController(TaskSetCatalog catalog, TaskSetVersions versions, TaskSetStoreClient store) {
        this.catalog = catalog;
        this.versions = versions;
        this.store = store;
    }

    /** Declares JSON so that a request that cannot take it is refused (406) before cka-service is asked. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List task sets",
            description = "The latest version of each task set (built-in ones first): clusters, held-out tasks, no "
                    + "examples or prompts.")
    @ApiResponse(responseCode = "200", description = "The task sets")
    @ApiResponse(responseCode = "503", description = "cka-service, which stores task sets, is unreachable")
    public List<TaskSet.Summary> list() {
        return catalog.summaries();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get the latest version of a task set",
            description = "With every task's templates and examples, or prompts. Try id 'demo', the built-in set.")
    @ApiResponse(responseCode = "200", description = "The task set")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public TaskSet get(@Parameter(example = "demo") @PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> unknown(id));
    }

    @GetMapping(path = "/{id}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the versions of a task set", description = "Oldest first, without examples or prompts.")
    @ApiResponse(responseCode = "200", description = "The versions")
    @ApiResponse(responseCode = "404", description = "No such task set")
    public List<TaskSet.Summary> versions(@Parameter(example = "demo") @PathVariable String id) {
        List<TaskSet.Summary> all = catalog.versions(id);
        if (all.isEmpty()) {
            throw unknown(id);
        }
        return all;
    }

    @GetMapping(path = "/{id}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get one version of a task set", description = "Versions never change once stored.")
    @ApiResponse(responseCode = "200", description = "The version")
    @ApiResponse(responseCode = "400", description = "The version is not a whole number >= 1")
    @ApiResponse(responseCode = "404", description = "No such task set or version")
    public TaskSet version(@Parameter(example = "demo") @PathVariable String id,
            @Parameter(example = "1") @PathVariable String version) {
        int number = versionNumber(version);
        return catalog.find(id, number).orElseThrow(() -> catalog.find(id).isPresent()
                ? ApiProblem.notFound("task set '" + id + "' has no version " + number)
                : unknown(id));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a task set or its next version",
            description = "A new id is stored as version 1, an existing id as its next version; a definition equal to "
                    + "the latest version is not stored again (200 with that version). Each task gives either "
                    + "'examples' with 'templates' ({field} placeholders, {{ and }} for literal braces; example i is "
                    + "rendered with template i mod templates.size()), or ready 'prompts'. Every problem is reported "
                    + "at once, by field. Limits: mossa.gateway.max-tasks tasks, max-prompts-per-task examples per "
                    + "task, max-prompt-chars characters per rendered prompt, 100 templates per task, ids "
                    + "[a-z0-9][a-z0-9._-]{0,63}.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TaskSet.class),
                    examples = @ExampleObject(name = "nli-mini", summary = "Examples with two templates, and a "
                            + "held-out task with ready prompts", value = DEFINITION_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "Equal to the latest version, which is returned unchanged")
    @ApiResponse(responseCode = "400", description = "Invalid definition; 'errors' lists every wrong field")
    @ApiResponse(responseCode = "409", description = "The id is a built-in, read-only task set")
    @ApiResponse(responseCode = "413", description = "Body or resulting task set too large")
    public ResponseEntity<TaskSet> create(@RequestBody TaskSet definition) {
        return answer(versions.create(definition));
    }

    @PutMapping(path = "/{id}/tasks/{task}/examples", consumes = {JSON_LINES, CSV, PARQUET})
    @Operation(summary = "Replace a task's examples with an uploaded file",
            description = "Makes the next version of the task set, in which the task's examples are the uploaded ones "
                    + "(its templates, cluster and flags are kept, and every other task's stored examples are shared "
                    + "with the previous version). JSON Lines (application/x-ndjson): one JSON object per line, "
                    + "values strings, numbers or booleans, blank lines skipped. CSV (text/csv, RFC 4180): a header "
                    + "row naming the fields, then one example per record; quoted fields may hold commas, line "
                    + "breaks and doubled quotes. Parquet (application/vnd.apache.parquet): scalar columns are the "
                    + "fields. Any of them may be gzip-compressed. Text is UTF-8. Read as a stream; malformed lines "
                    + "and examples that miss a template's placeholder are reported by line number. Answers what "
                    + "was stored (examples, bytes, the body's SHA-256), not the version's content. The body limit "
                    + "is mossa.gateway.task-sets.max-upload-size (2 GB by default).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = JSON_LINES, schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "jsonl", summary = "Four NLI examples",
                                    value = JSON_LINES_EXAMPLE)),
                    @Content(mediaType = CSV, schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "csv", summary = "Three NLI examples, quoted fields",
                                    value = CSV_EXAMPLE)),
                    @Content(mediaType = PARQUET, schema = @Schema(type = "string", format = "binary"))}))
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "The examples were already these; the latest version is named")
    @ApiResponse(responseCode = "400", description = "Malformed lines, or examples the templates cannot render; "
            + "'errors' names each line", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such task set or task",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "A built-in task set, or the task's templates changed meanwhile",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "Upload or resulting task set too large; 'property' names the "
            + "limit", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Content-Type is not JSON Lines, CSV or Parquet",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<UploadSummary> uploadExamples(@Parameter(example = "nli-mini") @PathVariable String id,
            @Parameter(example = "rte") @PathVariable String task,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType, HttpServletRequest request)
            throws IOException {
        return upload(id, task, contentType, request);
    }

    @PostMapping(path = "/{id}/examples", consumes = {JSON_LINES, CSV, PARQUET})
    @Operation(summary = "Upload examples of many tasks in one file",
            description = "Like PUT .../tasks/{task}/examples, for every task the rows name: each row's 'task' field "
                    + "(column) names its task and is not part of the example. Rows of different tasks may be mixed "
                    + "in any order; each task's examples keep the order of its rows. Tasks the upload does not name "
                    + "keep their examples. One streamed upload carries a whole paper-sized task set (60 tasks of "
                    + "10,000 examples); answers what was stored per task, not the version's content.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = JSON_LINES, schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "jsonl", summary = "Examples of two tasks",
                                    value = MULTI_TASK_EXAMPLE)),
                    @Content(mediaType = CSV, schema = @Schema(type = "string")),
                    @Content(mediaType = PARQUET, schema = @Schema(type = "string", format = "binary"))}))
    @ApiResponse(responseCode = "201", description = "Stored as a new version; Location names it")
    @ApiResponse(responseCode = "200", description = "Every uploaded task already had these examples")
    @ApiResponse(responseCode = "400", description = "Malformed rows, rows of unknown tasks or without a task, or "
            + "examples the templates cannot render; 'errors' names each line",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such task set",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "A built-in task set, or templates changed meanwhile",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "Upload or resulting task set too large; 'property' names the "
            + "limit", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Content-Type is not JSON Lines, CSV or Parquet",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<UploadSummary> uploadManyTasks(@Parameter(example = "nli-mini") @PathVariable String id,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType, HttpServletRequest request)
            throws IOException {
        return upload(id, null, contentType, request);
    }

    @GetMapping(path = "/{id}/versions/{version}/tasks/{task}/examples", produces = JSON_LINES)
    @Operation(summary = "Read one task's examples (or prompts) as JSON Lines",
            description = "Streamed: one example (JSON object) or prompt (JSON string) per line, in order, from "
                    + "'offset' (0-based), at most 'limit' (all when absent). Pages of any size, or the whole task.")
    @ApiResponse(responseCode = "200", description = "The examples, one per line")
    @ApiResponse(responseCode = "400", description = "offset or limit negative, or version not a whole number >= 1",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such task set, version or task",
            content = @Content(mediaType = "application/problem+json"))
    public void examples(@Parameter(example = "demo") @PathVariable String id,
            @Parameter(example = "1") @PathVariable String version,
            @Parameter(example = "sentiment-movie-reviews") @PathVariable String task,
            @Parameter(description = "First row, 0-based") @RequestParam(defaultValue = "0") long offset,
            @Parameter(description = "Most rows; all when absent") @RequestParam(required = false) Long limit,
            HttpServletResponse response) throws IOException {
        int number = versionNumber(version);
        if (offset < 0 || (limit != null && limit < 0)) {
            throw ApiProblem.badRequest("offset and limit must be >= 0, were " + offset + " and " + limit);
        }
        if (catalog.isBuiltIn(id)) {
            TaskSet.Task found = catalog.find(id, number).flatMap(set -> set.tasks().stream()
                    .filter(t -> t.name().equals(task)).findFirst())
                    .orElseThrow(() -> ApiProblem.notFound("task set '" + id + "' version " + version
                            + " has no task '" + task + "'"));
            response.setContentType(JSON_LINES);
            List<?> rows = found.usesTemplates() ? found.examples() : found.givenPrompts();
            long end = limit == null ? rows.size() : Math.min(rows.size(), offset + limit);
            for (long i = Math.min(offset, rows.size()); i < end; i++) {
                response.getOutputStream().write(JSON.writeValueAsBytes(rows.get((int) i)));
                response.getOutputStream().write('\n');
            }
            return;
        }
        // the status is decided by the first byte cka-service sends: write through a stream that sets the type
        // only then, so that a 404 is still answered as a problem
        java.io.OutputStream out = new java.io.OutputStream() {
            private java.io.OutputStream target;

            private java.io.OutputStream target() throws IOException {
                if (target == null) {
                    response.setContentType(JSON_LINES);
                    target = response.getOutputStream();
                }
                return target;
            }

            @Override
            public void write(int b) throws IOException {
                target().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                target().write(b, off, len);
            }
        };
        if (!store.copyRows(id, number, task, offset, limit, out)) {
            throw ApiProblem.notFound("task set '" + id + "' has no version " + version + " with a task '" + task
                    + "'");
        }
        response.setContentType(JSON_LINES);
    }

    private ResponseEntity<UploadSummary> upload(String id, String task, MediaType contentType,
            HttpServletRequest request) throws IOException {
        UploadFormat format = UploadFormat.of(contentType).orElseThrow(() -> new ApiProblem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "Content-Type must be "
                + JSON_LINES + ", " + CSV + " or " + PARQUET + ", was " + contentType));
        Charset charset = contentType.getCharset() == null ? StandardCharsets.UTF_8 : contentType.getCharset();
        UploadSummary summary;
        try {
            summary = versions.upload(id, task, format, charset, request.getInputStream());
        } catch (CharacterCodingException e) {
            throw ApiProblem.badRequest("the body is not valid " + charset.name() + " text");
        }
        if (!summary.created()) {
            return ResponseEntity.ok(summary);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/task-sets/" + id + "/versions/" + summary.version())).body(summary);
    }

    private static ResponseEntity<TaskSet> answer(TaskSetStoreClient.Stored stored) {
        TaskSet taskSet = stored.taskSet();
        if (!stored.created()) {
            return ResponseEntity.ok(taskSet);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/task-sets/" + taskSet.id() + "/versions/" + taskSet.version()))
                .body(taskSet);
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("version: must be a whole number >= 1, was '" + version + "'");
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no task set '" + id + "'");
    }
}
