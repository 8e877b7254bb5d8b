package io.mossa.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool (docker-compose, kubectl) in the repository root. A missing tool fails the test
 * with the way to install it: these checks are the CI gate for the deployment files and must never be
 * skipped silently.
 */
final class Tool {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Tool() {
    }

    static String run(String installHint, String... command) {
        return run(Map.of(), installHint, command);
    }

    /** With these environment variables set, or removed where the value is empty. */
    static String run(Map<String, String> environment, String installHint, String... command) {
        return run(TIMEOUT, environment, installHint, command);
    }

    /** Allowed to take up to {@code timeout} (image builds take minutes). */
    static String run(Duration timeout, Map<String, String> environment, String installHint, String... command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tool-out", ".txt");
            err = Files.createTempFile("tool-err", ".txt");
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.root().toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                environment.forEach((name, value) -> {
                    if (value.isEmpty()) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("'" + command[0] + "' is not installed or not on PATH (" + e.getMessage()
                        + "); " + installHint, e);
            }
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + ":\n" + stderr + stdout);
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (Path p : new Path[] {out, err}) {
                if (p != null) {
                    p.toFile().delete();
                }
            }
        }
    }
}
