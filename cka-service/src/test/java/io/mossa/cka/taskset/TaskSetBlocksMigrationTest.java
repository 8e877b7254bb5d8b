package io.mossa.cka.taskset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.mossa.cka.AbstractServiceTest;

/**
 * Migration V8 moves the V4 documents of existing task-set versions into blocks: run on a schema of its own, with
 * versions stored as V4 stored them, it must keep every task and row and store the rows two versions share once.
 */
class TaskSetBlocksMigrationTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    @Test
    void versionDocumentsBecomeTasksAndSharedBlocks() {
        String schema = "migration_v8_" + Long.toHexString(System.nanoTime());
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("filesystem:../db/cka").target("5").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO " + schema + ".task_set (id, latest_version, created_at, updated_at)"
                + " VALUES ('old', 2, now(), now())").update();
        String v1 = """
                {"description": "before", "tasks": [
                  {"name": "a", "cluster": "c", "templates": ["Q: {q}"], "examples": [{"q": "1"}, {"q": "2"}]},
                  {"name": "b", "cluster": "d", "heldOut": true, "prompts": ["p1", "p2", "p3"]}]}""";
        String v2 = v1.replace("before", "after").replace("\"q\": \"2\"", "\"q\": \"two\"");
        for (int v = 1; v <= 2; v++) {
            jdbc.sql("INSERT INTO " + schema + ".task_set_version (task_set_id, version, document, created_at)"
                    + " VALUES ('old', :v, CAST(:d AS jsonb), now())").param("v", v).param("d", v == 1 ? v1 : v2)
                    .update();
        }

        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("filesystem:../db/cka").target("8").load().migrate();

        List<Map<String, Object>> tasks = jdbc.sql("SELECT version, position, name, cluster, held_out,"
                        + " templates::text AS templates, block_id FROM " + schema + ".task_set_task"
                        + " ORDER BY version, position").query().listOfRows();
        assertThat(tasks).hasSize(4);
        assertThat(tasks.get(0)).containsEntry("name", "a").containsEntry("templates", "[\"Q: {q}\"]");
        assertThat(tasks.get(1)).containsEntry("name", "b").containsEntry("held_out", true)
                .containsEntry("templates", null);
        // b's prompts are equal in both versions: one block; a's examples differ: two
        assertThat(tasks.get(3).get("block_id")).isEqualTo(tasks.get(1).get("block_id"));
        assertThat(tasks.get(2).get("block_id")).isNotEqualTo(tasks.get(0).get("block_id"));
        assertThat(jdbc.sql("SELECT count(*) FROM " + schema + ".example_block").query(Long.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT string_agg(value, '|' ORDER BY ordinal) FROM " + schema + ".example_row"
                        + " WHERE block_id = :b").param("b", tasks.get(2).get("block_id")).query(String.class).single())
                .isEqualTo("{\"q\": \"1\"}|{\"q\": \"two\"}");
        assertThat(jdbc.sql("SELECT string_agg(description, '|' ORDER BY version) FROM " + schema
                + ".task_set_version").query(String.class).single()).isEqualTo("before|after");
        // the digest is SHA-256 over every row followed by a line feed, as the service computes it for new blocks
        assertThat(jdbc.sql("SELECT encode(digest, 'hex') FROM " + schema + ".example_block WHERE id = :b")
                .param("b", tasks.get(1).get("block_id")).query(String.class).single())
                .isEqualTo(sha256Hex("\"p1\"\n\"p2\"\n\"p3\"\n"));
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
