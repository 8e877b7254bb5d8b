package io.mossa.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.mossa.deployment.Manifests.Workload;

/**
 * Kubernetes runs Grafana with the provisioning docker compose mounts (deployment/monitoring), and what those files
 * leave to Grafana's environment leads where compose's does: the results database cka-service uses, with the
 * password cka-service gives the reader, and a Prometheus in the namespace Grafana may reach.
 */
final class GrafanaChecks {

    private static final String DATASOURCES_DIR = MonitoringChecks.GRAFANA_PROVISIONING + "/datasources";
    private static final String DATASOURCES_PATH = "/etc/grafana/provisioning/datasources";
    private static final String PROVIDERS_PATH = "/etc/grafana/provisioning/dashboards";
    private static final String DASHBOARDS_PATH = "/var/lib/grafana/dashboards";

    private GrafanaChecks() {
    }

    static List<String> kubernetes(Manifests m) {
        Workload grafana = m.workload("grafana");
        if (grafana == null) {
            return List.of("no grafana workload");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> container = grafana.containers().get(0);
        Map<String, String> mounted = mountedConfigMaps(grafana, container);
        for (String path : List.of(DATASOURCES_PATH, PROVIDERS_PATH, DASHBOARDS_PATH)) {
            if (!mounted.containsKey(path)) {
                problems.add("no ConfigMap is mounted at " + path);
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Map<String, String> datasources = m.configMapData(mounted.get(DATASOURCES_PATH));
        Map<String, String> providers = m.configMapData(mounted.get(PROVIDERS_PATH));
        Map<String, String> dashboards = m.configMapData(mounted.get(DASHBOARDS_PATH));

        Set<String> expected = new TreeSet<>(Repository.list(DATASOURCES_DIR));
        if (!expected.equals(new TreeSet<>(datasources.keySet()))) {
            problems.add("data sources " + datasources.keySet() + ", deployment/monitoring has " + expected);
        }
        Set<String> dashboardFiles = new TreeSet<>(Repository.list(MonitoringChecks.GRAFANA_DASHBOARDS));
        if (!dashboardFiles.equals(new TreeSet<>(dashboards.keySet()))) {
            problems.add("dashboards " + dashboards.keySet() + ", deployment/monitoring has " + dashboardFiles);
        }
        for (String provider : providers.values()) {
            for (Map<String, Object> p : Yaml.maps(Yaml.parse(provider).get("providers"))) {
                String path = Yaml.str(Yaml.at(p, "options", "path"));
                if (!DASHBOARDS_PATH.equals(path)) {
                    problems.add("dashboard provider reads " + path + ", where no dashboards are mounted");
                }
            }
        }

        Map<String, String> environment = m.environment(container);
        for (String file : datasources.values()) {
            for (String variable : Provisioning.variables(file)) {
                if (environment.get(variable) == null || environment.get(variable).isBlank()) {
                    problems.add("the data sources use ${" + variable + "}, which Grafana's environment does not set");
                }
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Map<String, String> cka = m.environment(KubernetesChecks.mossaContainer(m.workload("cka-service")));
        String password = "MOSSA_RESULTS_READER_PASSWORD";
        if (cka.get(password) == null || !cka.get(password).equals(environment.get(password))) {
            problems.add("Grafana's " + password + " is not the one cka-service gives mossa_results_reader");
        }
        URI database = URI.create(cka.get("SPRING_DATASOURCE_URL").replaceFirst("^jdbc:", ""));
        String address = database.getHost() + ":" + (database.getPort() < 0 ? KubernetesChecks.POSTGRES_PORT : database.getPort());
        if (!address.equals(environment.get("MOSSA_RESULTS_DB_ADDRESS"))) {
            problems.add("Grafana reads results from " + environment.get("MOSSA_RESULTS_DB_ADDRESS")
                    + ", cka-service writes them to " + address);
        }
        if (!database.getPath().equals("/" + environment.get("MOSSA_RESULTS_DB_NAME"))) {
            problems.add("Grafana reads database " + environment.get("MOSSA_RESULTS_DB_NAME")
                    + ", cka-service uses " + database.getPath().substring(1));
        }
        problems.addAll(prometheusReachable(m, grafana, URI.create(environment.get("MOSSA_PROMETHEUS_URL"))));
        return problems;
    }

    /** The Prometheus URL names a Service in a namespace ({@code name.namespace.svc}) Grafana's egress admits. */
    private static List<String> prometheusReachable(Manifests m, Workload grafana, URI prometheus) {
        String[] host = prometheus.getHost().split("\\.");
        if (host.length < 2) {
            return List.of("MOSSA_PROMETHEUS_URL " + prometheus + " names no namespace (service.namespace.svc)");
        }
        String namespace = host[1];
        boolean admitted = m.ofKind("NetworkPolicy").stream()
                .filter(p -> LabelSelector.matches(Yaml.at(p, "spec", "podSelector"), grafana.labels()))
                .flatMap(p -> Yaml.maps(Yaml.at(p, "spec", "egress")).stream())
                .anyMatch(rule -> Yaml.maps(rule.get("ports")).stream()
                        .anyMatch(port -> Integer.valueOf(prometheus.getPort()).equals(port.get("port")))
                        && Yaml.maps(rule.get("to")).stream().anyMatch(peer -> namespace.equals(Yaml.str(Yaml.at(
                                peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")))));
        return admitted ? List.of()
                : List.of("no NetworkPolicy lets Grafana reach Prometheus at " + prometheus + " (namespace " + namespace + ")");
    }

    /** mount path -> name of the ConfigMap mounted there. */
    private static Map<String, String> mountedConfigMaps(Workload w, Map<String, Object> container) {
        Map<String, String> volumes = new java.util.LinkedHashMap<>();
        for (Map<String, Object> volume : Yaml.maps(w.podSpec().get("volumes"))) {
            Object configMap = Yaml.at(volume, "configMap", "name");
            if (configMap != null) {
                volumes.put(Yaml.str(volume.get("name")), Yaml.str(configMap));
            }
        }
        Map<String, String> mounted = new java.util.LinkedHashMap<>();
        for (Map<String, Object> mount : Yaml.maps(container.get("volumeMounts"))) {
            String configMap = volumes.get(Yaml.str(mount.get("name")));
            if (configMap != null) {
                mounted.put(Yaml.str(mount.get("mountPath")), configMap);
            }
        }
        return mounted;
    }
}
