package io.mossa.gateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole platform as it runs in production, started once for every end-to-end scenario: the three executable
 * jars as separate processes talking HTTP, cka-service on a real (embedded) PostgreSQL server given by JDBC URL,
 * the real bundled ONNX models. Scenarios that kill a part bring it back before they end, so the next scenario
 * finds the platform whole.
 */
final class Platform implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("mossa.root", ".."));
    static final Path LOGS = Path.of("target", "it-logs");
    /** The gateway's admin key in this run; every write sends it unless a scenario says otherwise. */
    static final String ADMIN_KEY = "platform-it-admin-" + UUID.randomUUID();
    /** The gateway's key cache TTL here: short, so that the revocation scenario need not wait long. */
    static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);

    private static Platform shared;

    private final int postgresPort;
    private final Path postgresData;
    /** The extractor's only model root: where the registration scenario puts its model directory. */
    private final Path modelRoot;
    private EmbeddedPostgres postgres;
    private ServiceProcess extractor;
    private ServiceProcess cka;
    private ServiceProcess gateway;

    /** The platform of this test run, started by the first scenario that needs it. */
    static synchronized Platform shared() throws Exception {
        if (shared == null) {
            shared = new Platform();
        }
        return shared;
    }

    private Platform() throws Exception {
        postgresPort = ServiceProcess.freePort();
        postgresData = Files.createTempDirectory("mossa-it-pg");
        modelRoot = Files.createTempDirectory("mossa-it-model-root").toRealPath();
        try {
            start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void start() throws Exception {
        postgres = startPostgres();
        extractor = ServiceProcess.start("extractor-service",
                ROOT.resolve("extractor-service/target/extractor-service.jar"), LOGS,
                "--mossa.extractor.model-roots=" + modelRoot);
        cka = ServiceProcess.start("cka-service", ROOT.resolve("cka-service/target/cka-service.jar"), LOGS,
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--mossa.extractor.url=" + extractor.url(),
                // an unavailable extractor: short retries, then the unit waits a second and is tried again
                "--mossa.cka.retry-backoff=200ms", "--mossa.cka.defer-delay=1s",
                // a unit whose worker lost the database mid-way is claimed again soon after
                "--mossa.cka.lease-seconds=10",
                // every activation really comes from the extractor here, so that the fault scenarios are ones
                "--mossa.cka.activation-cache.enabled=false");
        extractor.awaitReady(Duration.ofMinutes(3));
        cka.awaitReady(Duration.ofMinutes(3));
        gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway/target/gateway.jar"), LOGS,
                "--mossa.gateway.extractor-url=" + extractor.url(), "--mossa.gateway.cka-url=" + cka.url(),
                "--mossa.gateway.admin-key=" + ADMIN_KEY,
                "--mossa.gateway.api-key-cache-ttl=" + KEY_CACHE_TTL.toMillis() + "ms");
        gateway.awaitReady(Duration.ofMinutes(3));
    }

    ServiceProcess extractor() {
        return extractor;
    }

    ServiceProcess cka() {
        return cka;
    }

    ServiceProcess gateway() {
        return gateway;
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    Path modelRoot() {
        return modelRoot;
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Starts the killed extractor again on its port and waits until it serves. */
    void restartExtractor() throws Exception {
        extractor = extractor.restart();
        extractor.awaitReady(Duration.ofMinutes(3));
    }

    /** Starts the killed gateway again on its port and waits until it serves. */
    void restartGateway() throws Exception {
        gateway = gateway.restart();
        gateway.awaitReady(Duration.ofMinutes(3));
    }

    /** Starts the stopped PostgreSQL server again on its port and data directory. */
    void startPostgresAgain() throws IOException {
        postgres = startPostgres();
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(postgresData)
                .setCleanDataDirectory(false).start();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {gateway, cka, extractor}) {
            if (service != null) {
                service.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        for (Path temporary : new Path[] {postgresData, modelRoot}) {
            try (var files = Files.walk(temporary)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
