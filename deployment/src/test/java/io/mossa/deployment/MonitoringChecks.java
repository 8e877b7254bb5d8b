package io.mossa.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus scrapes every service where it serves metrics; the Grafana dashboard queries real series. */
final class MonitoringChecks {

    static final String PROMETHEUS_CONFIG = "deployment/monitoring/prometheus/prometheus.yml";
    static final String GRAFANA_PROVISIONING = "deployment/monitoring/grafana/provisioning";
    static final String GRAFANA_DASHBOARDS = "deployment/monitoring/grafana/dashboards";

    /**
     * Series of Spring Boot's and Micrometer's standard binders that the dashboard may use besides MOSSA's
     * own meters (HTTP server requests, JVM memory, process CPU, HikariCP); the names are Micrometer's.
     */
    static final Set<String> STANDARD_SERIES = Set.of("http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max", "jvm_memory_used_bytes",
            "process_cpu_usage", "hikaricp_connections_active", "hikaricp_connections_pending");
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
            "increase", "by", "without", "on", "ignoring", "histogram_quantile", "topk", "bottomk", "and", "or",
            "unless", "offset", "bool", "le");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_][a-zA-Z0-9_]*)\\b");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"");

    private MonitoringChecks() {
    }

    /** Every compose service of a MOSSA module is a target of a job on the module's Prometheus path. */
    static List<String> scraping(Map<String, Object> compose, Map<String, Object> prometheus,
            Map<String, ServiceConfiguration> configs) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> services = ComposeChecks.services(compose);
        Map<String, Object> server = services.get("prometheus");
        if (server == null) {
            return List.of("no prometheus service in docker-compose.yml");
        }
        String configPath = Yaml.list(server.get("command")).stream().map(Yaml::str)
                .filter(a -> a.startsWith("--config.file=")).map(a -> a.substring("--config.file=".length()))
                .findFirst().orElse("/etc/prometheus/prometheus.yml");
        String mounted = ComposeChecks.mounts(server).get(configPath);
        if (mounted == null || !mounted.endsWith(PROMETHEUS_CONFIG)) {
            problems.add("prometheus reads " + configPath + ", which is not " + PROMETHEUS_CONFIG + " (mounted: " + mounted + ")");
        }
        List<Map<String, Object>> jobs = Yaml.maps(prometheus.get("scrape_configs"));
        services.forEach((name, service) -> {
            String module = ComposeChecks.module(service);
            if (module == null) {
                return;
            }
            ServiceConfiguration config = configs.get(module);
            boolean scraped = jobs.stream().anyMatch(job ->
                    String.valueOf(config.prometheusPath()).equals(Yaml.str(job.getOrDefault("metrics_path", "/metrics")))
                            && Yaml.maps(job.get("static_configs")).stream()
                                    .flatMap(c -> Yaml.list(c.get("targets")).stream()).map(Yaml::str)
                                    .anyMatch(t -> ComposeChecks.hostNames(name, service).stream()
                                            .anyMatch(h -> t.equals(h + ":" + config.serverPort()))));
            if (!scraped) {
                problems.add("Prometheus does not scrape " + name + " at " + config.prometheusPath() + " on port "
                        + config.serverPort());
            }
        });
        return problems;
    }

    /** Grafana gets the provisioning and dashboards directories, and the dashboard uses the provisioned datasource. */
    static List<String> grafana(Map<String, Object> compose, Map<String, Object> datasources,
            Map<String, Object> dashboardProviders, Map<String, Object> dashboard) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> grafana = ComposeChecks.services(compose).get("grafana");
        if (grafana == null) {
            return List.of("no grafana service in docker-compose.yml");
        }
        Map<String, String> mounts = ComposeChecks.mounts(grafana);
        String provisioning = mounts.get("/etc/grafana/provisioning");
        if (provisioning == null || !provisioning.endsWith(GRAFANA_PROVISIONING)) {
            problems.add("grafana does not mount " + GRAFANA_PROVISIONING + " at /etc/grafana/provisioning");
        }
        for (Map<String, Object> provider : Yaml.maps(dashboardProviders.get("providers"))) {
            String path = Yaml.str(Yaml.at(provider, "options", "path"));
            String source = mounts.get(path);
            if (source == null || !source.endsWith(GRAFANA_DASHBOARDS)) {
                problems.add("dashboard provider " + provider.get("name") + " reads " + path + ", where grafana does not mount "
                        + GRAFANA_DASHBOARDS);
            }
        }
        Map<String, String> environment = ComposeChecks.variables(grafana);
        Set<String> uids = new LinkedHashSet<>();
        for (Map<String, Object> source : Yaml.maps(datasources.get("datasources"))) {
            uids.add(Yaml.str(source.get("uid")));
            String url = Provisioning.expand(Yaml.str(source.get("url")), environment);
            if ("prometheus".equals(source.get("type")) && !"http://prometheus:9090".equals(url)) {
                problems.add("datasource " + source.get("name") + " points at " + url + ", not the prometheus service");
            }
        }
        for (Map<String, Object> panel : panels(dashboard)) {
            for (Object datasource : withTargets(panel)) {
                String uid = Yaml.str(Yaml.at(datasource, "uid"));
                if (!uids.contains(uid)) {
                    problems.add("panel '" + panel.get("title") + "' uses datasource " + uid + "; provisioned: " + uids);
                }
            }
        }
        return problems;
    }

    /** Every series a panel queries exists, and it groups or filters only by labels the series carries. */
    static List<String> dashboardQueries(Map<String, Object> dashboard, Map<String, Set<String>> mossaSeries) {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (Map<String, Object> panel : panels(dashboard)) {
            for (Map<String, Object> target : Yaml.maps(panel.get("targets"))) {
                String expr = Yaml.str(target.get("expr"));
                queries++;
                String where = "panel '" + panel.get("title") + "': ";
                Set<String> labels = new LinkedHashSet<>();
                Matcher grouping = GROUPING.matcher(expr);
                while (grouping.find()) {
                    for (String label : grouping.group(1).split(",")) {
                        labels.add(label.strip());
                    }
                }
                Matcher matcher = MATCHER.matcher(expr);
                while (matcher.find()) {
                    labels.add(matcher.group(1));
                }
                String withoutStrings = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[^\\]]*]", "")
                        .replaceAll("\\{[^}]*}", "").replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", "");
                Set<String> ownTags = new LinkedHashSet<>();
                boolean onlyMossa = true;
                Matcher identifier = IDENTIFIER.matcher(withoutStrings);
                while (identifier.find()) {
                    String name = identifier.group(1);
                    if (PROMQL_WORDS.contains(name)) {
                        continue;
                    }
                    if (mossaSeries.containsKey(name)) {
                        ownTags.addAll(mossaSeries.get(name));
                    } else if (STANDARD_SERIES.contains(name)) {
                        onlyMossa = false;
                    } else {
                        problems.add(where + "queries " + name + ", which no service exposes");
                    }
                }
                if (onlyMossa) {
                    for (String label : labels) {
                        if (!ownTags.contains(label) && !SCRAPE_LABELS.contains(label)) {
                            problems.add(where + "uses label " + label + ", which its series do not carry (tags: "
                                    + ownTags + ")");
                        }
                    }
                }
            }
        }
        if (queries == 0) {
            problems.add("the dashboard has no queries");
        }
        return problems;
    }

    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Map<String, Object> panel : Yaml.maps(dashboard.get("panels"))) {
            panels.add(panel);
            panels.addAll(Yaml.maps(panel.get("panels")));
        }
        return panels;
    }

    private static List<Object> withTargets(Map<String, Object> panel) {
        List<Object> datasources = new ArrayList<>();
        if (panel.get("datasource") != null) {
            datasources.add(panel.get("datasource"));
        }
        for (Map<String, Object> target : Yaml.maps(panel.get("targets"))) {
            if (target.get("datasource") != null) {
                datasources.add(target.get("datasource"));
            }
        }
        return datasources;
    }
}
