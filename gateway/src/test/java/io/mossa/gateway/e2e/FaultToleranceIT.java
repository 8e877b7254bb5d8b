package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parts of the platform fail mid-experiment (the extractor refuses or dies, a replica dies, PostgreSQL and the
 * gateway restart): each experiment still ends with the results of an undisturbed run of the same definition,
 * computed by the scenario first, and nothing finished is computed twice.
 */
class FaultToleranceIT extends PlatformScenario {

    @Test
    void extractorRefusalFailsTheExperimentAndKeepsFinishedTasks() throws Exception {
        ObjectNode definition = JSON.createObjectNode().put("name", "e2e: second task too long")
                .put("experimentalModel", E).put("controlModel", C).put("pooling", "last");
        ArrayNode tasks = definition.putArray("tasks");
        ObjectNode fine = tasks.addObject().put("name", "fine").put("cluster", "a");
        fine.putArray("prompts").add("The cat sat on the mat.").add("Dogs bark at night.").add("Rain again today.");
        ObjectNode tooLong = tasks.addObject().put("name", "too-long").put("cluster", "b");
        tooLong.putArray("prompts").add("short prompt").add("word ".repeat(2000));

        HttpResponse<String> submitted = post("/api/v1/experiments", definition.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("too-long");

        JsonNode results = JSON.readTree(get(location + "/results").body()).get("results");
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).get("task").asString()).isEqualTo("fine");
    }

    @Test
    void extractorKilledAndRestartedMidExperimentTheExperimentCompletesWithTheUndisturbedResults() throws Exception {
        awaitIdleQueue();
        JsonNode reference = referenceResults("e2e: extractor fault reference");

        String location = submitReferenceDefinition("e2e: extractor dies and comes back");
        awaitUnitsDone(location, 1);
        extractor().kill();
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Map<UUID, Timestamp> doneBeforeRestart = doneUnits(id);
        assertThat(doneBeforeRestart).isNotEmpty();

        Thread.sleep(3000); // retries exhausted: the running unit waits instead of failing the experiment
        assertThat(JSON.readTree(get(location).body()).get("status").asString()).isEqualTo("RUNNING");
        platform().restartExtractor();

        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        // exactly the undisturbed results, and nothing finished before the kill was computed again
        assertSameResults(location, reference);
        Map<UUID, Timestamp> doneAfter = doneUnits(id);
        doneBeforeRestart.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s", unit).isEqualTo(at));
    }

    @Test
    void aReplicaKilledMidUnitLeavesItsUnitToAnotherReplicaAndTheResultsAreTheUndisturbedOnes() throws Exception {
        awaitIdleQueue();
        JsonNode reference = referenceResults("e2e: replica fault reference");
        // a second cka-service replica on the same database; its short lease lets the other take over quickly
        ServiceProcess second = ServiceProcess.start("cka-service-2", ROOT.resolve("cka-service/target/cka-service.jar"),
                LOGS, "--spring.datasource.url=" + platform().jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor().url(), "--mossa.cka.lease-seconds=6",
                "--mossa.cka.activation-cache.enabled=false");
        try {
            second.awaitReady(Duration.ofMinutes(3));
            String location = submitReferenceDefinition("e2e: a replica dies");
            UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

            UUID held = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (held == null && System.nanoTime() < deadline) {
                held = unitHeldBy(id, second.pid());
                Thread.sleep(20);
            }
            assertThat(held).as("the second replica took a unit").isNotNull();
            second.kill();
            Map<UUID, Timestamp> doneAtKill = doneUnits(id);

            JsonNode done = awaitFinished(location);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertSameResults(location, reference);
            Map<UUID, Timestamp> doneAfter = doneUnits(id);
            doneAtKill.forEach((unit, at) -> assertThat(doneAfter.get(unit)).as("unit %s", unit).isEqualTo(at));
            try (Connection db = postgres().getPostgresDatabase().getConnection();
                 PreparedStatement query = db.prepareStatement(
                         "select attempts, leased_by from cka.work_unit where id = ?")) {
                query.setObject(1, held);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("claimed again after the lease of the dead replica expired")
                            .isEqualTo(2);
                    assertThat(rows.getString(2)).doesNotStartWith(second.pid() + "@");
                }
            }
        } finally {
            second.close();
        }
    }

    @Test
    void postgresRestartedMidExperimentTheServicesReconnectAndNoRowIsDuplicated() throws Exception {
        awaitIdleQueue();
        JsonNode reference = referenceResults("e2e: PostgreSQL fault reference");
        String location = submitReferenceDefinition("e2e: PostgreSQL restarts");
        awaitUnitsDone(location, 1);
        postgres().close();
        Thread.sleep(3000);
        platform().startPostgresAgain();

        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertSameResults(location, reference);
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement("select count(*), count(distinct task) "
                     + "from cka.similarity_matrix where experiment_id = ?")) {
            query.setObject(1, UUID.fromString(done.get("id").asString()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("one row per task, none twice").isEqualTo(reference.size());
                assertThat(rows.getInt(2)).isEqualTo(reference.size());
            }
        }
    }

    @Test
    void gatewayRestartedMidExperimentTheExperimentGoesOnAndItsStatusStaysCorrect() throws Exception {
        awaitIdleQueue();
        JsonNode reference = referenceResults("e2e: gateway fault reference");
        String location = submitReferenceDefinition("e2e: gateway restarts");
        gateway().kill();
        platform().restartGateway();
        JsonNode status = JSON.readTree(get(location).body());
        assertThat(status.get("status").asString()).isIn("PENDING", "RUNNING", "SUCCEEDED");
        JsonNode done = awaitFinished(location);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/unitsDone").asInt()).isEqualTo(done.at("/progress/unitsTotal").asInt());
        assertSameResults(location, reference);
    }

    /** A RUNNING unit of the experiment leased by the process {@code pid}, or null. */
    static UUID unitHeldBy(UUID experiment, long pid) throws Exception {
        try (Connection db = postgres().getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement("select id from cka.work_unit where experiment_id = ? "
                     + "and state = 'RUNNING' and leased_by like ?")) {
            query.setObject(1, experiment);
            query.setString(2, pid + "@%");
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }
}
