package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The MOSSA repository these tests run in: its root, its services and the version their images carry. */
final class Repository {

    /** The Spring Boot services that ship as container images (their Maven module directories). */
    static final List<String> SERVICES = List.of("extractor-service", "cka-service", "gateway");

    private static Path root;

    private Repository() {
    }

    /** The repository root: the surefire property set by the pom, else the parent of the working directory. */
    static synchronized Path root() {
        if (root == null) {
            String configured = System.getProperty("mossa.root");
            Path candidate = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
            candidate = candidate.toAbsolutePath().normalize();
            if (!Files.isRegularFile(candidate.resolve("pom.xml")) || !Files.isDirectory(candidate.resolve("k8s"))) {
                throw new IllegalStateException("not the MOSSA repository root (no pom.xml and k8s/): " + candidate);
            }
            root = candidate;
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The names of the files in a directory of the repository. */
    static List<String> list(String relative) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(file(relative))) {
            return files.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** project/version of the root pom: the tag every image of this build carries. */
    static String version() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(file("pom.xml").toFile());
            for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("version")) {
                    return e.getTextContent().strip();
                }
            }
            throw new IllegalStateException("root pom.xml has no project/version");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom.xml", e);
        }
    }
}
