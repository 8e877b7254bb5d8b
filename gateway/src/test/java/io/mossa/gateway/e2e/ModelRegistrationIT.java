package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A model directory registered through the gateway is served until removed.
 */
class ModelRegistrationIT extends PlatformScenario {

    @Test
    void aModelDirectoryRegisteredThroughTheGatewayIsServedUntilRemoved() throws Exception {
        Path dir = copyBundledModel(E, java.nio.file.Files.createDirectories(platform().modelRoot().resolve("minilm-q-copy")));
        HttpResponse<String> created = post("/api/v1/models", "{\"id\":\"it-registered\",\"path\":\"" + dir + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/models/it-registered");
        JsonNode model = JSON.readTree(created.body());
        assertThat(model.get("numLayers").asInt()).isEqualTo(6);
        assertThat(model.get("usable").asBoolean()).isTrue();
        assertThat(get("/api/v1/models/it-registered").statusCode()).isEqualTo(200);
        // the same files as the bundled model: the same numbers
        List<String> prompts = List.of("The cat sat on the mat.", "Why?");
        assertThat(activations("it-registered", prompts).data()).containsExactly(activations(E, prompts).data());

        HttpResponse<String> outside = post("/api/v1/models", "{\"id\":\"it-outside\",\"path\":\""
                + ROOT.toAbsolutePath().normalize() + "\"}");
        assertProblem(outside, 403, "is not under a model root");
        assertThat(JSON.readTree(outside.body()).get("field").asString()).isEqualTo("path");
        HttpResponse<String> taken = post("/api/v1/models", "{\"id\":\"" + C + "\",\"path\":\"" + dir + "\"}");
        assertProblem(taken, 409, "is taken");
        assertThat(JSON.readTree(taken.body()).get("field").asString()).isEqualTo("id");
        Path empty = java.nio.file.Files.createDirectories(platform().modelRoot().resolve("empty"));
        assertProblem(post("/api/v1/models", "{\"id\":\"it-empty\",\"path\":\"" + empty + "\"}"), 422,
                "missing file model.onnx");

        assertProblem(delete("/api/v1/models/" + C), 409, "cannot be removed");
        assertThat(delete("/api/v1/models/it-registered").statusCode()).isEqualTo(204);
        assertProblem(get("/api/v1/models/it-registered"), 404, "it-registered");
        assertProblem(delete("/api/v1/models/it-registered"), 404, "it-registered");
    }

    /** Copies a bundled model's graph and tokenizer out of the extractor's jar (nested in BOOT-INF/lib). */
    static Path copyBundledModel(String id, Path dir) throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(
                ROOT.resolve("extractor-service/target/extractor-service.jar").toFile())) {
            java.util.zip.ZipEntry library = jar.stream()
                    .filter(e -> e.getName().matches("BOOT-INF/lib/langchain4j-embeddings-" + id + "-[^/]*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no library of " + id + " in the extractor jar"));
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(jar.getInputStream(library))) {
                for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.getName().equals(id + ".onnx")) {
                        java.nio.file.Files.copy(in, dir.resolve("model.onnx"));
                    } else if (entry.getName().equals(id + "-tokenizer.json")) {
                        java.nio.file.Files.copy(in, dir.resolve("tokenizer.json"));
                    }
                }
            }
        }
        assertThat(dir.resolve("model.onnx")).exists();
        assertThat(dir.resolve("tokenizer.json")).exists();
        return dir;
    }

    static HttpResponse<String> delete(String path) throws Exception {
        return send("DELETE", path, ADMIN_KEY);
    }
}
