package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the stack test measured (phase times, image sizes), printed and kept in target/stack-logs. */
final class StackReport {

    private final Instant start = Instant.now();
    private final List<String> lines = new ArrayList<>();

    synchronized void line(String line) {
        lines.add(line);
        System.out.println("[stack] " + line);
    }

    void phase(String what, Instant since) {
        line(String.format("%6.1f s  %s", Duration.between(since, Instant.now()).toMillis() / 1000.0, what));
    }

    void image(String image) {
        line(String.format("%7.0f MB  %s", Docker.imageSize(image) / 1e6, image));
    }

    synchronized void write(Path file) {
        line(String.format("%6.1f s  in all", Duration.between(start, Instant.now()).toMillis() / 1000.0));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
