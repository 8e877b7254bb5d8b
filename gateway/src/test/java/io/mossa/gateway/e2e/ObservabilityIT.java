package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A unit's trace across two services' logs, and the series the Grafana dashboard queries.
 */
class ObservabilityIT extends PlatformScenario {

    @Test
    void aWorkUnitsTraceIdAppearsInTheLogsOfCkaServiceAndOfTheExtractor() throws Exception {
        String experiment = runSmallExperiment("e2e: traced").get("id").asString();
        // cka-service logs "task '<name>' (unit <id>, attempt <n>)" inside the unit's trace: [traceId-spanId],
        // with the experiment's id in the line's context
        java.util.regex.Matcher unitLine = java.util.regex.Pattern.compile("\\[experiment=" + experiment
                + "\\].*\\[([0-9a-f]{32})-[0-9a-f]{16}\\].*task '[^']+' \\(unit ").matcher(cka().logText());
        assertThat(unitLine.find()).as("a log line of a unit of experiment %s with a trace id in cka-service's log", experiment).isTrue();
        String traceId = unitLine.group(1);
        assertThat(extractorLogs()).as("the extractor logged the same trace id while serving that unit")
                .contains(traceId);
    }

    /**
     * The dashboard's queries name series the running services really expose (once an experiment has exercised
     * them), which the deployment module's source scan can only approximate.
     */
    @Test
    void everySeriesTheGrafanaDashboardQueriesIsExposedByTheRunningServices() throws Exception {
        runSmallExperiment("e2e: metered");
        java.util.Set<String> exposed = new java.util.TreeSet<>();
        for (ServiceProcess service : List.of(extractor(), cka(), gateway())) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.url()
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            metrics.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
        }
        JsonNode dashboard = JSON.readTree(java.nio.file.Files.readString(
                ROOT.resolve("deployment/monitoring/grafana/dashboards/mossa.json")));
        java.util.Set<String> queried = new java.util.TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asString().replaceAll("\"[^\"]*\"", "\"\"")
                        .replaceAll("\\{[^}]*}", "").replaceAll("\\[[^\\]]*]", "")
                        .replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", "");
                java.util.regex.Matcher name = java.util.regex.Pattern.compile("\\b[a-z_][a-z0-9_]*\\b").matcher(expr);
                while (name.find()) {
                    if (!PROMQL_WORDS.contains(name.group())) {
                        queried.add(name.group());
                    }
                }
            }
        }
        // the activation cache is disabled here (see startPlatform), so its meters are never registered
        queried.removeIf(series -> series.startsWith("mossa_cka_activation_cache_"));
        assertThat(queried).hasSizeGreaterThan(20);
        assertThat(exposed).containsAll(queried);
    }

    static String extractorLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = java.nio.file.Files.list(LOGS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("extractor-service")).toList()) {
                all.append(java.nio.file.Files.readString(file));
            }
        }
        return all.toString();
    }

    private static final java.util.Set<String> PROMQL_WORDS = java.util.Set.of("sum", "max", "min", "avg", "count",
            "rate", "irate", "increase", "histogram_quantile", "by", "without", "and", "or", "unless", "offset");
}
