package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service starts on embedded PostgreSQL, Flyway applies db/cka, and Hibernate validates the schema. */
class DatabaseMigrationTest extends AbstractServiceTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void embeddedPostgresServesTheDataSource() {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) dataSource).getJdbcUrl())
                .isEqualTo(postgres.getJdbcUrl("postgres", "postgres"));
        String version = JdbcClient.create(dataSource).sql("SHOW server_version").query(String.class).single();
        assertThat(version).startsWith("17.");
    }

    @Test
    void migrationsApplied() throws java.io.IOException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> applied = jdbc.sql("SELECT version FROM cka.flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                .query(String.class).list();
        // every migration file in db/cka, in version order, and nothing else
        assertThat(applied).containsExactlyElementsOf(migrationVersions());
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'cka'"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_name")
                .query(String.class).list();
        assertThat(tables).contains("experiment", "experiment_task", "work_unit", "similarity_matrix");
        List<String> uniques = jdbc.sql("SELECT conname FROM pg_constraint WHERE conname = 'similarity_matrix_uq'")
                .query(String.class).list();
        assertThat(uniques).hasSize(1);
    }

    @Test
    void oneIdempotencyKeyPerOwnerAndNullOwnersAreOneOwner() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String key = "db-key-" + java.util.UUID.randomUUID();
        insert(jdbc, null, key);
        insert(jdbc, "key-alice", key);
        insert(jdbc, null, null);
        insert(jdbc, null, null); // no key, no constraint
        assertThatThrownBy(() -> insert(jdbc, null, key)).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("experiment_idempotency_uq");
        assertThatThrownBy(() -> insert(jdbc, "key-alice", key)).isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM cka.experiment WHERE idempotency_key = ?").param(key)
                .query(Integer.class).single()).isEqualTo(2);
        jdbc.sql("DELETE FROM cka.experiment WHERE name = 'db-key-test'").update();
    }

    private static void insert(JdbcClient jdbc, String owner, String key) {
        jdbc.sql("""
                        INSERT INTO cka.experiment (id, name, status, definition, experimental_model, layers, layer_pairs,
                                                    pooling, units_total, created_at, owner, idempotency_key, request_hash)
                        VALUES (gen_random_uuid(), 'db-key-test', 'CANCELLED', '{}', 'm', '{0}', 'same', 'last', 0, now(),
                                :owner, :key, :hash)
                        """)
                .param("owner", owner)
                .param("key", key)
                .param("hash", key == null ? null : "h")
                .update();
    }

    private static List<String> migrationVersions() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("..", "db", "cka"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
    }
}
