package io.mossa.deployment;

import java.util.Map;
import java.util.Set;

/**
 * What one service reads, derived from its source tree (never copied into the tests).
 *
 * @param module       Maven module directory, also the image and workload name
 * @param serverPort   the port its application file gives server.port (Boot's default 8080 when absent)
 * @param properties   canonical names of the properties it reads: keys of its application files, the
 *                     components of its {@code @ConfigurationProperties} records, and Boot properties of the
 *                     groups it configures itself
 * @param placeholders names used as {@code ${NAME:default}} placeholders in its application files
 * @param settings     the values its application files set, placeholders resolved to their defaults
 */
record ServiceConfiguration(String module, int serverPort, Set<String> properties, Set<String> placeholders,
        Map<String, String> settings) {

    /** Where actuator serves liveness and readiness; empty when health probes are not enabled. */
    java.util.List<String> probePaths() {
        if (!"true".equals(settings.get("management.endpoint.health.probes.enabled"))) {
            return java.util.List.of();
        }
        String base = actuatorBasePath();
        return java.util.List.of(base + "/health/liveness", base + "/health/readiness");
    }

    /** Where actuator serves Prometheus metrics, or null when the endpoint is not exposed over HTTP. */
    String prometheusPath() {
        String include = settings.getOrDefault("management.endpoints.web.exposure.include", "health");
        boolean exposed = java.util.Arrays.stream(include.split(",")).map(String::strip)
                .anyMatch(e -> e.equals("prometheus") || e.equals("*"));
        return exposed ? actuatorBasePath() + "/prometheus" : null;
    }

    private String actuatorBasePath() {
        return settings.getOrDefault("management.endpoints.web.base-path", "/actuator");
    }

    /** Whether the service reads this environment variable: as a placeholder or by relaxed binding. */
    boolean reads(String environmentVariable) {
        return placeholders.contains(environmentVariable)
                || EnvironmentBinding.boundProperty(environmentVariable, properties) != null;
    }
}
