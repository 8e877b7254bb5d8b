package io.mossa.cka.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real embedded PostgreSQL outlives a SIGKILLed owner (pg_ctl daemonizes it); the watchdog stops it and removes
 * its temporary data directory once the owner's pid has disappeared. The owner here is a child process standing
 * in for the service's JVM, killed as kill -9 would.
 */
class PostgresWatchdogTest {

    @Test
    void thePostmasterStopsWhenItsOwnerIsKilled() throws Exception {
        Path data = Files.createTempDirectory("mossa-watchdog-test");
        Process owner = new ProcessBuilder("sleep", "600").start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .start();
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            PostgresWatchdog.watch(owner.pid(), data, true);
            assertThat(ProcessHandle.of(postmaster)).as("postmaster runs while its owner does").isPresent();

            owner.destroyForcibly().waitFor();

            assertThat(awaitGone(postmaster, Duration.ofSeconds(60))).as("postmaster %d stopped", postmaster).isTrue();
            assertThat(awaitDeleted(data, Duration.ofSeconds(30))).as("temporary data directory removed").isTrue();
        } finally {
            owner.destroyForcibly();
            try {
                postgres.close();
            } catch (RuntimeException | java.io.IOException alreadyStopped) {
                // the watchdog stopped it, which is the point
            }
        }
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(200);
            } else {
                return true;
            }
        }
        return false;
    }

    private static boolean awaitDeleted(Path dir, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && Files.exists(dir)) {
            Thread.sleep(200);
        }
        return !Files.exists(dir);
    }
}
