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

    /** The admin key the rendered compose file is given (the file requires one and has no default). */
    static final String COMPOSE_ADMIN_KEY = "compose-config-check-admin-key";

    /** docker-compose -f docker-compose.yml config: the file as Compose understands it, variables resolved. */
    static Map<String, Object> compose() {
        String yaml = OUTPUT.computeIfAbsent("compose", key -> compose(COMPOSE_ADMIN_KEY));
        return Yaml.parse(yaml);
    }

    /** The same with MOSSA_GATEWAY_ADMIN_KEY set to {@code adminKey}, or unset when it is empty. */
    static String compose(String adminKey) {
        return Tool.run(Map.of("MOSSA_GATEWAY_ADMIN_KEY", adminKey),
                "install Debian's docker-compose (apt-get install docker-compose); .ci/run does so when it is missing",
                "docker-compose", "-f", "docker-compose.yml", "config");
    }
}
