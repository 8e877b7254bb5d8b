package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Debian's docker-compose resolves it (`docker-compose config` validates the file
 * against Compose's schema, no engine needed), then its invariants; each check is also shown to fail on
 * a copy broken on purpose.
 */
class ComposeFileTest {

    private final Map<String, ServiceConfiguration> services = Services.all();

    @Test
    void servicesStartAfterHealthyPredecessors() {
        assertThat(ComposeChecks.startOrder(Rendered.compose())).isEmpty();
    }

    @Test
    void startOrderBreakage() {
        Map<String, Object> compose = Rendered.compose();
        Map<String, Object> gateway = ComposeChecks.services(compose).get("gateway");
        Yaml.map(Yaml.map(gateway.get("depends_on")).get("cka-service")).put("condition", "service_started");
        Yaml.map(ComposeChecks.services(compose).get("cka-service")).remove("depends_on");
        Yaml.map(ComposeChecks.services(compose).get("cka-service"))
                .put("depends_on", new LinkedHashMap<>(Map.of("extractor-gpu", Map.of("condition", "service_healthy"))));
        assertThat(ComposeChecks.startOrder(compose))
                .contains("gateway starts before cka-service is healthy (condition service_started)")
                .contains("cka-service calls postgres but does not wait for it")
                .anyMatch(p -> p.startsWith("cka-service depends on extractor-gpu, which only starts with profiles"));
    }

    @Test
    void healthchecksAskReadinessOnTheServersPort() {
        assertThat(ComposeChecks.healthchecks(Rendered.compose(), services)).isEmpty();
    }

    @Test
    void healthcheckBreakage() {
        Map<String, Object> compose = Rendered.compose();
        List<Object> test = Yaml.list(Yaml.at(ComposeChecks.services(compose).get("extractor-cpu"), "healthcheck", "test"));
        test.set(test.size() - 1, "http://localhost:8082/actuator/health/readiness");
        assertThat(ComposeChecks.healthchecks(compose, services)).anyMatch(p -> p.startsWith("extractor-cpu: healthcheck"));
    }

    @Test
    void environmentIsReadAndUrlsReachRealPorts() {
        assertThat(ComposeChecks.environment(Rendered.compose(), services)).isEmpty();
    }

    @Test
    void environmentBreakage() {
        Map<String, Object> compose = Rendered.compose();
        Map<String, Object> gatewayEnv = Yaml.map(ComposeChecks.services(compose).get("gateway").get("environment"));
        gatewayEnv.put("MOSSA_CKA_URL", "http://cka-service:8081");
        gatewayEnv.put("MOSSA_GATEWAY_EXTRACTOR_URI", "http://extractor-service:8081");
        Yaml.map(ComposeChecks.services(compose).get("cka-service").get("environment"))
                .put("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/mossa");
        assertThat(ComposeChecks.environment(compose, services))
                .contains("gateway MOSSA_CKA_URL=http://cka-service:8081: cka-service listens on 8082")
                .contains("gateway: sets MOSSA_GATEWAY_EXTRACTOR_URI, which gateway does not read")
                .anyMatch(p -> p.contains("no compose service answers to db"));
    }

    @Test
    void imagesAreThisBuildsAndOnlyTheGpuExtractorReservesAGpu() {
        assertThat(ComposeChecks.imagesAndGpu(Rendered.compose(), Repository.version())).isEmpty();
    }

    @Test
    void imageAndGpuBreakage() {
        Map<String, Object> compose = Rendered.compose();
        Map<String, Object> gpu = ComposeChecks.services(compose).get("extractor-gpu");
        Yaml.map(gpu).remove("deploy");
        Map<String, Object> cka = ComposeChecks.services(compose).get("cka-service");
        cka.put("image", "mossa/cka-service:0.0.1");
        assertThat(ComposeChecks.imagesAndGpu(compose, Repository.version()))
                .anyMatch(p -> p.startsWith("extractor-gpu: runs mossa/extractor-service:") && p.endsWith("without a GPU"))
                .anyMatch(p -> p.startsWith("cka-service: image mossa/cka-service:0.0.1 has tag 0.0.1"))
                .anyMatch(p -> p.startsWith("the extractor needs a GPU variant in profile gpu"));
    }

    @Test
    void onlyTheGatewayPublishesAPortAndDataSitsOnVolumes() {
        Dockerfile extractor = Dockerfile.read("extractor-service/Dockerfile");
        assertThat(ComposeChecks.portsAndVolumes(Rendered.compose(), extractor.environment())).isEmpty();
    }

    @Test
    void theGatewaysAdminKeyComesFromTheEnvironmentAndHasNoDefault() {
        Map<String, Object> gatewayEnv = Yaml.map(ComposeChecks.services(Rendered.compose()).get("gateway").get("environment"));
        assertThat(gatewayEnv.get("MOSSA_GATEWAY_ADMIN_KEY")).isEqualTo(Rendered.COMPOSE_ADMIN_KEY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rendered.compose(""))
                .hasMessageContaining("set MOSSA_GATEWAY_ADMIN_KEY to a long random secret");
    }

    @Test
    void portAndVolumeBreakage() {
        Map<String, Object> compose = Rendered.compose();
        ComposeChecks.services(compose).get("cka-service").put("ports", new ArrayList<>(List.of("8082:8082")));
        ComposeChecks.services(compose).get("postgres").put("volumes", new ArrayList<>());
        ComposeChecks.services(compose).get("extractor-cpu").put("volumes", new ArrayList<>(List.of("models:/data:ro")));
        assertThat(ComposeChecks.portsAndVolumes(compose, Dockerfile.read("extractor-service/Dockerfile").environment()))
                .anyMatch(p -> p.startsWith("cka-service: publishes"))
                .contains("postgres: /var/lib/postgresql/data is not on a named volume")
                .contains("extractor-cpu: the models directory /models is not a mounted volume");
    }
}
