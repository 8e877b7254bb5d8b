package io.mossa.deployment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools' output, produced once per test run; every call parses it again so that a test may change
 * its copy (to break it on purpose) without affecting the others.
 */
final class Rendered {

    private static final Map<String, String> OUTPUT = new ConcurrentHashMap<>();

    private Rendered() {
    }

    static Manifests overlay(String overlay) {
        String yaml = OUTPUT.computeIfAbsent("kustomize " + overlay, key -> Tool.run(
                "install kubectl (it bundles kustomize); the CI machine has kubectl 1.32",
                "kubectl", "kustomize", "k8s/overlays/" + overlay));
        return new Manifests(overlay, Yaml.parseAll(yaml));
    }

    /** docker-compose -f docker-compose.yml config: the file as Compose understands it, variables resolved. */
    static Map<String, Object> compose() {
        String yaml = OUTPUT.computeIfAbsent("compose", key -> Tool.run(
                "install Debian's docker-compose (apt-get install docker-compose); .ci/run does so when it is missing",
                "docker-compose", "-f", "docker-compose.yml", "config"));
        return Yaml.parse(yaml);
    }
}
