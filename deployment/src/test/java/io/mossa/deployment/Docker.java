package io.mossa.deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Docker engine as the stack test drives it. The client is $MOSSA_DOCKER, else `docker`: image builds
 * need a client with BuildKit built in (Debian's docker.io 20.10 has it; a newer client needs its buildx
 * plugin), because the Dockerfiles use a Maven cache mount. .ci/run names Debian's client.
 */
final class Docker {

    static final String HINT = "install Debian's docker.io and start dockerd (.ci/run does both); builds need a client"
            + " with BuildKit: MOSSA_DOCKER=/usr/bin/docker (Debian's) or a docker with its buildx plugin";

    private Docker() {
    }

    static String cli() {
        String configured = System.getenv("MOSSA_DOCKER");
        return configured == null || configured.isBlank() ? "docker" : configured;
    }

    static String run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(cli()));
        command.addAll(List.of(arguments));
        return Tool.run(timeout, Map.of("DOCKER_BUILDKIT", "1"), HINT, command.toArray(String[]::new)).strip();
    }

    static String run(String... arguments) {
        return run(Duration.ofMinutes(2), arguments);
    }

    static boolean imageExists(String image) {
        try {
            imageId(image);
            return true;
        } catch (AssertionError notThere) {
            return false;
        }
    }

    static String imageId(String image) {
        return run("image", "inspect", "--format", "{{.Id}}", image);
    }

    /** Removes an image by id unless a container (say, of a concurrent run) still uses it. */
    static void removeIfUnused(String imageId) {
        try {
            run("rmi", imageId);
        } catch (AssertionError inUse) {
            // kept: whoever uses it owns its removal
        }
    }

    /** The engine answers, or the test fails here saying how to start one: never skipped. */
    static String serverVersion() {
        try {
            return run(Duration.ofSeconds(30), "version", "--format", "{{.Server.Version}}");
        } catch (AssertionError e) {
            throw new AssertionError("no Docker engine answers (" + cli() + " version): " + HINT, e);
        }
    }

    static long imageSize(String image) {
        return Long.parseLong(run("image", "inspect", "--format", "{{.Size}}", image));
    }

    static String inspect(String container, String format) {
        return run("inspect", "--format", format, container);
    }
}
