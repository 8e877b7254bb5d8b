package io.mossa.extractor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.mossa.web.problem.ApiProblem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The directories under which models may be registered at runtime ({@code mossa.extractor.model-roots}).
 *
 * <p>A path is admitted only if it lies under a root both as written (normalised, so {@code ..} cannot climb
 * out) and after resolving symbolic links, and if every file directly inside it resolves under a root as
 * well: a checkpoint whose {@code model.safetensors} links to {@code /etc} is refused like the directory
 * itself would be. The lexical check runs first and touches no file, so a caller cannot probe which paths
 * exist outside the roots. Outside the roots is 403 (the server's policy forbids it); a path that is not
 * an absolute path, does not exist or is not a directory is 422.
 */
final class ModelRoots {

    private static final Logger log = LoggerFactory.getLogger(ModelRoots.class);

    /** Each configured root: as written (normalised) and as resolved, since either may prefix a request. */
    private record Root(Path written, Path real) {
    }

    private final List<Root> roots;

    ModelRoots(List<Path> configured) {
        List<Root> usable = new ArrayList<>();
        for (Path root : configured) {
            Path written = root.toAbsolutePath().normalize();
            try {
                usable.add(new Root(written, written.toRealPath()));
            } catch (IOException e) {
                log.warn("model root ignored root={} reason={}", root, e.toString());
            }
        }
        this.roots = List.copyOf(usable);
    }

    boolean enabled() {
        return !roots.isEmpty();
    }

    /** The configured roots that exist, as resolved; for messages. */
    List<Path> paths() {
        return roots.stream().map(Root::real).toList();
    }

    /** A 403 problem when no root is configured (or none exists). */
    void requireEnabled() {
        if (!enabled()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Registration disabled", "registering models is disabled: "
                    + "mossa.extractor.model-roots names no existing directory; put models in "
                    + "mossa.extractor.models-dir instead");
        }
    }

    /** The real path of the model directory {@code requested}, or the problem that forbids it. */
    Path admit(String requested) {
        requireEnabled();
        Path path;
        try {
            path = Path.of(requested);
        } catch (InvalidPathException e) {
            throw invalid(requested, "is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw invalid(requested, "must be an absolute path");
        }
        Path normalised = path.normalize();
        if (roots.stream().noneMatch(r -> normalised.startsWith(r.written()) || normalised.startsWith(r.real()))) {
            throw outside(requested);
        }
        Path real;
        try {
            real = normalised.toRealPath();
        } catch (NoSuchFileException e) {
            throw invalid(requested, "does not exist");
        } catch (IOException e) {
            throw invalid(requested, "cannot be read: " + e.getMessage());
        }
        if (!underRoot(real)) {
            throw outside(requested);
        }
        if (!Files.isDirectory(real)) {
            throw invalid(requested, "is not a directory");
        }
        try (Stream<Path> entries = Files.list(real)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry) && !underRoot(realOrSelf(entry))) {
                    throw outside(requested).with("reason", entry.getFileName() + " links outside the model roots");
                }
            }
        } catch (IOException e) {
            throw invalid(requested, "cannot be listed: " + e.getMessage());
        }
        return real;
    }

    private boolean underRoot(Path real) {
        return roots.stream().anyMatch(r -> real.startsWith(r.real()));
    }

    /** A dangling link resolves nowhere; it is judged by where it points, which the loader will report. */
    private static Path realOrSelf(Path link) {
        try {
            return link.toRealPath();
        } catch (IOException e) {
            try {
                return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            } catch (IOException unreadable) {
                return link.toAbsolutePath().normalize();
            }
        }
    }

    private ApiProblem outside(String requested) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Path not allowed", "path '" + requested
                + "' is not under a model root (mossa.extractor.model-roots: " + paths() + ")")
                .with("field", "path").with("value", requested);
    }

    private static ApiProblem invalid(String requested, String why) {
        return ApiProblem.unprocessable("path '" + requested + "' " + why).with("field", "path")
                .with("value", requested);
    }
}
