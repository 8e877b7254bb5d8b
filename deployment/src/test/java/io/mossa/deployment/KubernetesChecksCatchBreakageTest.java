package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each invariant check reports a manifest broken on purpose: proof that the checks of
 * {@link KubernetesOverlaysTest} can fail. Every test breaks a fresh copy of the rendered overlay.
 */
class KubernetesChecksCatchBreakageTest {

    private final Map<String, ServiceConfiguration> services = Services.all();

    @Test
    void aReadinessProbeOnAPathActuatorDoesNotServe() {
        Manifests m = Rendered.overlay("dev");
        probe(m, "cka-service", "readinessProbe").put("path", "/actuator/health");
        assertThat(KubernetesChecks.probes(m, services)).anyMatch(p -> p.contains("readinessProbe path /actuator/health"));
    }

    @Test
    void aLivenessProbeOnTheApiPortWhileActuatorHasItsOwn() {
        Manifests m = Rendered.overlay("dev");
        probe(m, "extractor-service", "livenessProbe").put("port", "http");
        assertThat(KubernetesChecks.probes(m, services)).anyMatch(p -> p.contains("livenessProbe port http is 8081"));
    }

    @Test
    void probesOnAManagementPortTheServiceIsNotTold() {
        Manifests m = Rendered.overlay("gpu-cluster");
        container(m, "gateway").remove("env");
        assertThat(KubernetesChecks.probes(m, services)).anyMatch(p -> p.contains("actuator listens on 8080"));
    }

    @Test
    void aServiceWhoseTargetPortIsNotTheServersPort() {
        Manifests m = Rendered.overlay("dev");
        Yaml.maps(Yaml.at(m.find("Service", "cka-service"), "spec", "ports")).get(0).put("targetPort", 9090);
        assertThat(KubernetesChecks.servicePorts(m, services)).anyMatch(p -> p.contains("Service cka-service: port http"));
    }

    @Test
    void aUrlThatLandsOnTheActuatorPort() {
        Manifests m = Rendered.overlay("dev");
        configMap(m, "gateway-config").put("MOSSA_CKA_URL", "http://cka-service:9090");
        assertThat(KubernetesChecks.urls(m, services)).anyMatch(p -> p.contains("reaches port 9090 of cka-service"));
    }

    @Test
    void aUrlNamingNoService() {
        Manifests m = Rendered.overlay("gpu-cluster");
        configMap(m, "cka-service-config").put("MOSSA_EXTRACTOR_URL", "http://extractor:8081");
        assertThat(KubernetesChecks.urls(m, services)).anyMatch(p -> p.contains("no Service named extractor"));
    }

    @Test
    void aMisspeltVariableAndOneMeantForAnotherService() {
        Manifests m = Rendered.overlay("dev");
        configMap(m, "extractor-service-config").put("MOSSA_EXTRACTOR_MODEL_DIR", "/models");
        env(m, "gateway").add(new LinkedHashMap<>(Map.of("name", "SPRING_DATASOURCE_URL", "value", "jdbc:x")));
        assertThat(KubernetesChecks.environmentNames(m, services))
                .anyMatch(p -> p.contains("sets MOSSA_EXTRACTOR_MODEL_DIR, which extractor-service does not read"))
                .anyMatch(p -> p.contains("sets SPRING_DATASOURCE_URL, which gateway does not read"));
    }

    @Test
    void ckaServiceWithoutADatabaseUrl() {
        Manifests m = Rendered.overlay("gpu-cluster");
        Map<String, Object> secret = m.ofKind("Secret").stream()
                .filter(s -> Manifests.nameOf(s).startsWith("mossa-db")).findFirst().orElseThrow();
        Yaml.map(secret.get("data")).put("SPRING_DATASOURCE_URL", Base64.getEncoder().encodeToString(new byte[0]));
        assertThat(KubernetesChecks.environmentNames(m, services)).anyMatch(p -> p.contains("embedded database"));
    }

    @Test
    void anImageOfAnotherVersionOrService() {
        Manifests m = Rendered.overlay("dev");
        container(m, "gateway").put("image", "mossa/gateway:latest");
        container(m, "cka-service").put("image", "mossa/cka:" + Repository.version());
        assertThat(KubernetesChecks.images(m, Repository.version()))
                .anyMatch(p -> p.contains("mossa/gateway:latest has tag latest"))
                .anyMatch(p -> p.contains("names no MOSSA service"));
    }

    @Test
    void anIngressToTheExtractor() {
        Manifests m = Rendered.overlay("gpu-cluster");
        Map<String, Object> backend = Yaml.map(Yaml.maps(Yaml.at(Yaml.maps(Yaml.at(m.ofKind("Ingress").get(0),
                "spec", "rules")).get(0), "http", "paths")).get(0).get("backend"));
        Yaml.map(backend.get("service")).put("name", "extractor-service");
        assertThat(KubernetesChecks.exposure(m)).anyMatch(p -> p.contains("routes to Service extractor-service"));
    }

    @Test
    void anHpaWithoutCpu() {
        Manifests m = Rendered.overlay("dev");
        Yaml.map(m.ofKind("HorizontalPodAutoscaler").get(0).get("spec")).put("metrics", new ArrayList<>());
        assertThat(KubernetesChecks.autoscaling(m)).contains("the cka-service HPA has no CPU metric");
    }

    @Test
    void aServiceWithoutDisruptionBudget() {
        Manifests m = Rendered.overlay("dev");
        m.objects.remove(m.find("PodDisruptionBudget", "extractor-service"));
        assertThat(KubernetesChecks.disruptionBudgets(m)).anyMatch(p -> p.contains("extractor-service: no PodDisruptionBudget"));
    }

    @Test
    void postgresOpenToTheGateway() {
        Manifests m = Rendered.overlay("dev");
        Map<String, Object> rule = Yaml.maps(Yaml.at(m.find("NetworkPolicy", "postgres"), "spec", "ingress")).get(0);
        Yaml.list(rule.get("from")).add(podSelector("gateway"));
        assertThat(KubernetesChecks.networkPolicies(m, services))
                .anyMatch(p -> p.contains("-> postgres: admits gateway, which must not call it"));
    }

    @Test
    void theGatewayAllowedToConnectToTheDatabase() {
        for (String overlay : List.of("dev", "gpu-cluster")) {
            Manifests m = Rendered.overlay(overlay);
            List<Object> egress = Yaml.list(Yaml.at(m.find("NetworkPolicy", "gateway"), "spec", "egress"));
            egress.add(new LinkedHashMap<>(Map.of("ports", new ArrayList<>(List.of(Map.of("protocol", "TCP", "port", 5432))))));
            assertThat(KubernetesChecks.networkPolicies(m, services)).as(overlay)
                    .anyMatch(p -> p.contains("lets gateway open connections to PostgreSQL"));
        }
    }

    @Test
    void theExtractorApiOpenToAnotherNamespace() {
        Manifests m = Rendered.overlay("gpu-cluster");
        Map<String, Object> rule = Yaml.maps(Yaml.at(m.find("NetworkPolicy", "extractor-service"), "spec", "ingress")).get(0);
        Yaml.list(rule.get("from")).add(new LinkedHashMap<>(Map.of("namespaceSelector", Map.of())));
        assertThat(KubernetesChecks.networkPolicies(m, services))
                .anyMatch(p -> p.contains("-> extractor-service: admits another namespace on ports [8081]"));
    }

    @Test
    void aPolicySetThatCutsCkaServiceOffTheExtractor() {
        Manifests m = Rendered.overlay("dev");
        m.objects.remove(m.find("NetworkPolicy", "extractor-service"));
        assertThat(KubernetesChecks.networkPolicies(m, services))
                .contains("no ingress rule lets extractor-service accept cka-service on port 8081");
    }

    @Test
    void gpuExtractorsWithoutTolerationsOrNodeSelector() {
        Manifests m = Rendered.overlay("gpu-cluster");
        Map<String, Object> pod = m.workload("extractor-service").podSpec();
        pod.remove("tolerations");
        pod.remove("nodeSelector");
        assertThat(KubernetesChecks.gpuScheduling(m, true))
                .anyMatch(p -> p.contains("no toleration"))
                .anyMatch(p -> p.contains("no nodeSelector"));
    }

    @Test
    void aGpuExtractorOnTheCpuImage() {
        Manifests m = Rendered.overlay("gpu-cluster");
        container(m, "extractor-service").put("image", "mossa/extractor-service:" + Repository.version());
        assertThat(KubernetesChecks.gpuScheduling(m, true)).anyMatch(p -> p.contains("needs the -cuda image"));
    }

    @Test
    void aGpuRequestInDev() {
        Manifests m = Rendered.overlay("dev");
        Yaml.map(Yaml.at(container(m, "cka-service"), "resources", "limits")).put(KubernetesChecks.GPU_RESOURCE, 1);
        assertThat(KubernetesChecks.gpuScheduling(m, false)).anyMatch(p -> p.startsWith("cka-service: takes a GPU"));
    }

    @Test
    void devPostgresWithoutVolumeAndAPostgresInTheGpuCluster() {
        Manifests dev = Rendered.overlay("dev");
        Yaml.map(dev.workload("postgres").object().get("spec")).remove("volumeClaimTemplates");
        assertThat(KubernetesChecks.database(dev, true)).anyMatch(p -> p.contains("no volumeClaimTemplates"));
        Manifests gpu = Rendered.overlay("gpu-cluster");
        gpu.objects.add(dev.workload("postgres").object());
        assertThat(KubernetesChecks.database(gpu, false)).anyMatch(p -> p.contains("external database"));
    }

    @Test
    void grafanaWithAnotherReaderPasswordThanCkaServiceGives() {
        Manifests m = Rendered.overlay("dev");
        String secret = Yaml.str(Yaml.at(Yaml.maps(m.workload("grafana").containers().get(0).get("envFrom")).stream()
                .filter(source -> String.valueOf(Yaml.at(source, "secretRef", "name")).startsWith("mossa-results-reader"))
                .findFirst().orElseThrow(), "secretRef", "name"));
        Map<String, Object> copy = new LinkedHashMap<>(m.find("Secret", secret));
        copy.put("metadata", Map.of("name", "grafana-own-reader"));
        copy.put("data", Map.of("MOSSA_RESULTS_READER_PASSWORD", Base64.getEncoder().encodeToString("other".getBytes())));
        m.objects.add(copy);
        Yaml.maps(m.workload("grafana").containers().get(0).get("envFrom")).stream()
                .filter(source -> secret.equals(Yaml.str(Yaml.at(source, "secretRef", "name"))))
                .forEach(source -> Yaml.map(source.get("secretRef")).put("name", "grafana-own-reader"));
        assertThat(GrafanaChecks.kubernetes(m)).containsExactly(
                "Grafana's MOSSA_RESULTS_READER_PASSWORD is not the one cka-service gives mossa_results_reader");
    }

    @Test
    void grafanaReadingResultsFromAnotherDatabaseOrWithoutAWayToPrometheus() {
        Manifests m = Rendered.overlay("dev");
        String config = Yaml.maps(m.workload("grafana").containers().get(0).get("envFrom")).stream()
                .map(source -> Yaml.str(Yaml.at(source, "configMapRef", "name"))).filter(java.util.Objects::nonNull)
                .findFirst().orElseThrow();
        Map<String, Object> data = Yaml.map(m.find("ConfigMap", config).get("data"));
        data.put("MOSSA_RESULTS_DB_NAME", "other");
        data.put("MOSSA_PROMETHEUS_URL", "http://prometheus.observability.svc:9090");
        assertThat(GrafanaChecks.kubernetes(m)).containsExactly(
                "Grafana reads database other, cka-service uses mossa",
                "no NetworkPolicy lets Grafana reach Prometheus at http://prometheus.observability.svc:9090"
                        + " (namespace observability)");
    }

    @Test
    void grafanaWithoutItsDataSources() {
        Manifests m = Rendered.overlay("gpu-cluster");
        Yaml.list(m.workload("grafana").containers().get(0).get("volumeMounts"))
                .removeIf(mount -> "/etc/grafana/provisioning/datasources".equals(Yaml.at(mount, "mountPath")));
        assertThat(GrafanaChecks.kubernetes(m)).containsExactly(
                "no ConfigMap is mounted at /etc/grafana/provisioning/datasources");
    }

    private static Map<String, Object> container(Manifests m, String workload) {
        return KubernetesChecks.mossaContainer(m.workload(workload));
    }

    private static Map<String, Object> probe(Manifests m, String workload, String probe) {
        return Yaml.map(Yaml.at(container(m, workload), probe, "httpGet"));
    }

    private static List<Object> env(Manifests m, String workload) {
        return Yaml.list(container(m, workload).get("env"));
    }

    private static Map<String, Object> configMap(Manifests m, String generator) {
        Map<String, Object> configMap = m.ofKind("ConfigMap").stream()
                .filter(c -> Manifests.nameOf(c).startsWith(generator + "-")).findFirst().orElseThrow();
        return Yaml.map(configMap.get("data"));
    }

    private static Map<String, Object> podSelector(String name) {
        return new LinkedHashMap<>(Map.of("podSelector",
                Map.of("matchLabels", Map.of("app.kubernetes.io/name", name))));
    }
}
