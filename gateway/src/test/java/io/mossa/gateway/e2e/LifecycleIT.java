package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An experiment's life: idempotent submission, cancel, re-run reusing finished units, delete; and the list's
 * pages.
 */
class LifecycleIT extends PlatformScenario {

    @Test
    void experimentLifecycleIdempotentSubmitCancelRerunReusingFinishedUnitsDelete() throws Exception {
        awaitIdleQueue(); // earlier submissions first, so that this one runs as soon as it is submitted
        JsonNode reference = referenceResults("e2e: lifecycle reference");
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: lifecycle")
                .put("experimentalModel", E).put("controlModel", C).put("taskSet", "demo").put("pooling", "last")
                .put("examplesPerTask", 12);
        definition.putArray("layers").add(1).add(3).add(6);
        HttpResponse<String> submitted = send("POST", "/api/v1/experiments", definition.toString(), "e2e-lifecycle");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode first = JSON.readTree(submitted.body());
        assertThat(first.get("taskSetId").asString()).isEqualTo("demo");
        assertThat(first.get("taskSetVersion").isNull()).as("the resolved version is recorded").isFalse();
        HttpResponse<String> again = send("POST", "/api/v1/experiments", definition.toString(), "e2e-lifecycle");
        assertThat(again.statusCode()).as("a replay, not a second experiment: " + again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.headers().firstValue("Location")).contains(location);
        assertProblem(send("POST", "/api/v1/experiments", definition.put("name", "e2e: other").toString(),
                "e2e-lifecycle"), 409, "Idempotency-Key");

        UUID id = UUID.fromString(first.get("id").asString());
        awaitUnitsDone(location, 1);
        assertProblem(send("DELETE", location, null, null), 409, "");
        HttpResponse<String> cancelled = send("POST", location + "/cancel", null, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
        assertProblem(send("POST", location + "/cancel", null, null), 409, "");
        JsonNode listed = JSON.readTree(get("/api/v1/experiments?status=CANCELLED&model=" + E).body());
        assertThat(listed.get("experiments").findValuesAsString("id")).contains(id.toString());

        Thread.sleep(1500); // a unit that was computing when the cancel came finishes; the status stays CANCELLED
        JsonNode stillCancelled = JSON.readTree(get(location).body());
        assertThat(stillCancelled.get("status").asString()).isEqualTo("CANCELLED");
        int total = stillCancelled.at("/progress/unitsTotal").asInt();
        Map<UUID, Timestamp> doneAtCancel = doneUnits(id);
        assertThat(doneAtCancel).isNotEmpty().hasSizeLessThan(total);

        HttpResponse<String> rerun = send("POST", location + "/rerun", null, null);
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
        assertThat(JSON.readTree(rerun.body()).get("runs").asInt()).isEqualTo(2);
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(total);
        assertSameResults(location, reference);
        Map<UUID, Timestamp> doneAfter = doneUnits(id);
        doneAtCancel.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s kept, not recomputed", unit)
                .isEqualTo(at));
        assertProblem(send("POST", location + "/rerun", null, null), 409, "");

        HttpResponse<String> deleted = send("DELETE", location, null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertProblem(get(location), 404, id.toString());
        assertProblem(get(location + "/results"), 404, "");
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("its results went with it").isZero();
            }
        }
    }

    @Test
    void experimentListPagesWithACursorAndALinkHeader() throws Exception {
        for (int i = 0; i < 3; i++) {
            runSmallExperiment("e2e: listed " + i);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String next = "/api/v1/experiments?limit=2";
        while (next != null) {
            HttpResponse<String> page = get(next);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("experiments").size()).isLessThanOrEqualTo(2);
            for (String id : body.get("experiments").findValuesAsString("id")) {
                assertThat(seen.add(id)).as("experiment %s on one page only", id).isTrue();
            }
            java.util.Optional<String> link = page.headers().firstValue("Link");
            assertThat(link.isPresent()).isEqualTo(!body.get("nextCursor").isNull());
            next = link.map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        }
        JsonNode all = JSON.readTree(get("/api/v1/experiments?limit=500").body());
        assertThat(seen).hasSizeGreaterThan(2).hasSize(all.get("experiments").size());
    }
}
