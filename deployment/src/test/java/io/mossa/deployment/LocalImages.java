package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The base images the stack test builds on, made on this machine from the Debian mirror alone (Docker Hub is
 * not reachable): a Debian root file system by debootstrap imported as an image, and on it the recipes of
 * deployment/local-images (JRE, JDK + Maven, PostgreSQL, Prometheus, each from Debian's package).
 *
 * <p>Each is tagged mossa-local/NAME:KEY where KEY hashes everything that makes it (its recipe, the files it
 * copies, its base's key): a machine that already has the image reuses it, a changed recipe builds a new one,
 * and a fresh machine builds them all.
 */
final class LocalImages {

    static final String SUITE = "bookworm";
    private static final String RECIPES = "deployment/local-images";
    /** The machine's own trust roots: the build stage downloads from Maven Central through them. */
    private static final Path EXTRA_CA_CERTIFICATES = Path.of("/usr/local/share/ca-certificates");

    record Bases(String debian, String jre, String build, String postgres, String prometheus) {
    }

    private LocalImages() {
    }

    static String mirror() {
        String configured = System.getenv("MOSSA_DEBIAN_MIRROR");
        return configured == null || configured.isBlank() ? "http://deb.debian.org/debian" : configured;
    }

    /** Reuses or makes every base; {@code work} is a scratch directory for build contexts. */
    static Bases ensure(Path scratch) {
        Path work = scratch.toAbsolutePath();
        String debianKey = key("debootstrap --variant=minbase " + SUITE + " " + mirror());
        String debian = "mossa-local/debian:" + SUITE + "-" + debianKey;
        if (!Docker.imageExists(debian)) {
            debootstrap(work.resolve("rootfs"), debian);
        }
        Path context = work.resolve("local-images");
        copyRecipes(context);
        return new Bases(debian,
                derived("jre", debian, debianKey, context),
                derived("build", debian, debianKey, context),
                derived("postgres", debian, debianKey, context),
                derived("prometheus", debian, debianKey, context));
    }

    private static void debootstrap(Path rootfs, String tag) {
        String dir = rootfs.toAbsolutePath().toString();
        try {
            Tool.run(Duration.ofMinutes(10), Map.of(), "install Debian's debootstrap (.ci/run does)",
                    "debootstrap", "--variant=minbase", SUITE, dir, mirror());
            Tool.run(Duration.ofMinutes(5), Map.of(), Docker.HINT, "bash", "-o", "pipefail", "-c",
                    "tar -C \"$0\" -c . | \"$1\" import - \"$2\"", dir, Docker.cli(), tag);
        } finally {
            Tool.run(Map.of(), "rm", "rm", "-rf", dir);
        }
    }

    /** mossa-local/NAME:KEY built from NAME.Dockerfile on the Debian base, unless it exists. */
    private static String derived(String name, String debian, String debianKey, Path context) {
        String recipe = name + ".Dockerfile";
        List<Path> inputs = new ArrayList<>(List.of(context.resolve(recipe)));
        try (Stream<Path> files = Files.walk(context)) {
            // the files the recipe copies (the postgres entrypoint, the trust roots of the build stage)
            String text = Files.readString(context.resolve(recipe));
            files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".Dockerfile"))
                    .filter(f -> text.contains(context.relativize(f).getName(0).toString()))
                    .sorted().forEach(inputs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder material = new StringBuilder(debianKey);
        for (Path input : inputs) {
            material.append('\n').append(context.relativize(input)).append('\n').append(read(input));
        }
        String tag = "mossa-local/" + name + ":" + key(material.toString());
        if (!Docker.imageExists(tag)) {
            Docker.run(Duration.ofMinutes(15), "build", "-q", "--build-arg", "DEBIAN_IMAGE=" + debian,
                    "-f", context.resolve(recipe).toString(), "-t", tag, context.toString());
        }
        return tag;
    }

    private static void copyRecipes(Path context) {
        try {
            Path certificates = Files.createDirectories(context.resolve("extra-ca-certificates"));
            try (Stream<Path> recipes = Files.list(Repository.file(RECIPES))) {
                for (Path recipe : recipes.toList()) {
                    Files.copy(recipe, context.resolve(recipe.getFileName().toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            if (Files.isDirectory(EXTRA_CA_CERTIFICATES)) {
                try (Stream<Path> roots = Files.list(EXTRA_CA_CERTIFICATES)) {
                    for (Path root : roots.filter(p -> p.toString().endsWith(".crt")).toList()) {
                        Files.copy(root, certificates.resolve(root.getFileName().toString()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String key(String material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
