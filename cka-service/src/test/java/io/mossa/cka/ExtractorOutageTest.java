package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The extractor goes away mid-experiment (every request about the task's control model answers 503, as while it
 * restarts) and comes back: the unit waits instead of failing its experiment, the task finished before is not
 * computed again, and the experiment succeeds once the extractor answers.
 */
@TestPropertySource(properties = {"mossa.cka.outage-timeout=2m", "mossa.cka.defer-delay=200ms"})
class ExtractorOutageTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    @AfterEach
    void extractorBack() {
        EXTRACTOR.setOutage(false);
    }

    @Test
    void anExperimentWaitsOutAnExtractorOutageAndLosesNothing() throws Exception {
        EXTRACTOR.setOutage(true);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            prompts.add("outage prompt " + i);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "outage");
        body.put("experimentalModel", "m-exp");
        body.put("layers", List.of(0, 1));
        body.put("layerPairs", "same");
        body.put("pooling", "last");
        body.put("tasks", List.of(
                Map.of("name", "served", "cluster", "a", "controlModel", "m-ctl", "prompts", prompts),
                Map.of("name", "waits", "cluster", "b", "controlModel", "m-flaky-1", "prompts", prompts)));
        Response created = post("/v1/experiments", JSON.writeValueAsString(body));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().get("id").asString());
        JdbcClient db = JdbcClient.create(dataSource);

        // the first task finishes; the second keeps finding the extractor unavailable and is put back to wait
        Timestamp servedDoneAt = null;
        for (int i = 0; i < 300 && (servedDoneAt == null || deferredError(db, id) == null); i++) {
            Thread.sleep(50);
            servedDoneAt = db.sql("""
                    SELECT u.updated_at FROM cka.work_unit u JOIN cka.experiment_task t ON t.id = u.task_id
                     WHERE u.experiment_id = ? AND t.name = 'served' AND u.state = 'DONE'""")
                    .param(id).query(Timestamp.class).optional().orElse(null);
        }
        assertThat(servedDoneAt).as("the task whose models answer is done").isNotNull();
        assertThat(deferredError(db, id)).as("the waiting unit says why").contains("503").contains("m-flaky-1");
        for (int i = 0; i < 200 && deferrals() < 3; i++) {
            Thread.sleep(50);
        }
        assertThat(deferrals()).as("tried again after each deferral, and deferred again").isGreaterThanOrEqualTo(3);
        assertThat(get("/v1/experiments/" + id).body().get("status").asString()).isEqualTo("RUNNING");

        EXTRACTOR.setOutage(false);
        JsonNode done = null;
        for (int i = 0; i < 300; i++) {
            done = get("/v1/experiments/" + id).body();
            if (!done.get("status").asString().equals("RUNNING")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("failure").isNull()).isTrue();
        // nothing finished before the outage was computed again
        Map<String, Object> served = db.sql("""
                SELECT u.attempts, u.updated_at FROM cka.work_unit u JOIN cka.experiment_task t ON t.id = u.task_id
                 WHERE u.experiment_id = ? AND t.name = 'served'""").param(id).query().singleRow();
        assertThat(served.get("attempts")).isEqualTo(1);
        assertThat(served.get("updated_at")).isEqualTo(servedDoneAt);
        assertThat(db.sql("SELECT count(*) FROM cka.similarity_matrix WHERE experiment_id = ?").param(id)
                .query(Integer.class).single()).isEqualTo(2);
        // the waits did not count as attempts of a crashed worker, and the outage marks are cleared
        Map<String, Object> waited = db.sql("""
                SELECT u.attempts, u.not_before, u.outage_since, u.error FROM cka.work_unit u
                  JOIN cka.experiment_task t ON t.id = u.task_id
                 WHERE u.experiment_id = ? AND t.name = 'waits'""").param(id).query().singleRow();
        assertThat(waited.get("attempts")).isEqualTo(1);
        assertThat(waited.get("not_before")).isNull();
        assertThat(waited.get("outage_since")).isNull();
        assertThat(waited.get("error")).isNull();
        // each claim of a PENDING unit records how long it waited; a deferred unit waits at least defer-delay
        assertThat(metric("mossa_cka_units_queue_wait_seconds_count")).isGreaterThanOrEqualTo(3);
        assertThat(metric("mossa_cka_units_queue_wait_seconds_max")).isGreaterThanOrEqualTo(0.2);
    }

    /** mossa_cka_units_deferred_total as this service's Prometheus endpoint reports it. */
    private double deferrals() {
        return metric("mossa_cka_units_deferred_total");
    }

    /** The value of the first series named {@code name} (any labels) on this service's Prometheus endpoint. */
    private double metric(String name) {
        for (String line : get("/actuator/prometheus").text().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static String deferredError(JdbcClient db, UUID id) {
        return db.sql("""
                SELECT u.error FROM cka.work_unit u JOIN cka.experiment_task t ON t.id = u.task_id
                 WHERE u.experiment_id = ? AND t.name = 'waits' AND u.not_before IS NOT NULL""")
                .param(id).query(String.class).optional().orElse(null);
    }
}
