package io.mossa.cka.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when this JVM is gone, however it went. The postmaster is a daemon of its own
 * (pg_ctl start), so a service killed with SIGKILL, or by the OOM killer, would leave it running with its port
 * and data directory. A tiny shell process watches the JVM's pid; once it has disappeared, it sends the
 * postmaster the fast-shutdown signal and, for a temporary data directory, removes it when the postmaster has
 * ended. After an orderly shutdown there is nothing left for it to do, and it exits.
 */
final class PostgresWatchdog {

    private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);

    private static final String SCRIPT = """
            jvm=$1; data=$2; temporary=$3
            while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
            [ -f "$data/postmaster.pid" ] || exit 0
            pid=$(head -n 1 "$data/postmaster.pid")
            kill -INT "$pid" 2>/dev/null
            i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done
            kill -0 "$pid" 2>/dev/null && kill -QUIT "$pid" 2>/dev/null
            [ "$temporary" = true ] && rm -rf "$data"
            exit 0
            """;

    private PostgresWatchdog() {
    }

    /** Starts the watchdog of the postmaster whose data directory is {@code dataDir}, for this JVM. */
    static void watch(Path dataDir, boolean temporary) {
        watch(ProcessHandle.current().pid(), dataDir, temporary);
    }

    static void watch(long ownerPid, Path dataDir, boolean temporary) {
        List<String> command = List.of("/bin/sh", "-c", SCRIPT, "mossa-postgres-watchdog",
                Long.toString(ownerPid), dataDir.toAbsolutePath().toString(), Boolean.toString(temporary));
        try {
            new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // no shell (a minimal image): the service still runs; only a crash would leave PostgreSQL behind
            log.warn("could not start the embedded PostgreSQL watchdog: {}", e.getMessage());
        }
    }
}
