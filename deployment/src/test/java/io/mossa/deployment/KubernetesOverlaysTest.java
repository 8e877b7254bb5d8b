package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kubectl kustomize renders every overlay, and the rendered objects keep the deployment's invariants. */
class KubernetesOverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void imagesAreThisBuildsAndNamedAfterTheirService(String overlay) {
        assertThat(KubernetesChecks.images(Rendered.overlay(overlay), Repository.version())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void probesHitTheActuatorPathsOnThePortActuatorListensOn(String overlay) {
        assertThat(KubernetesChecks.probes(Rendered.overlay(overlay), Services.all())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void servicePortsLeadToTheServersPort(String overlay) {
        assertThat(KubernetesChecks.servicePorts(Rendered.overlay(overlay), Services.all())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void configuredUrlsReachTheServiceTheyName(String overlay) {
        assertThat(KubernetesChecks.urls(Rendered.overlay(overlay), Services.all())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void everyEnvironmentVariableIsReadByItsService(String overlay) {
        assertThat(KubernetesChecks.environmentNames(Rendered.overlay(overlay), Services.all())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void onlyTheGatewayIsExposed(String overlay) {
        assertThat(KubernetesChecks.exposure(Rendered.overlay(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void ckaServiceAutoscalesOnCpu(String overlay) {
        assertThat(KubernetesChecks.autoscaling(Rendered.overlay(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void everyServiceHasADisruptionBudget(String overlay) {
        assertThat(KubernetesChecks.disruptionBudgets(Rendered.overlay(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void networkPoliciesAdmitOnlyIntendedCallers(String overlay) {
        assertThat(KubernetesChecks.networkPolicies(Rendered.overlay(overlay), Services.all())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void grafanaIsProvisionedLikeComposeAndReadsWhatCkaServiceWrites(String overlay) {
        assertThat(GrafanaChecks.kubernetes(Rendered.overlay(overlay))).isEmpty();
    }

    @Test
    void gpuClusterRunsTheCudaExtractorOnGpuNodes() {
        assertThat(KubernetesChecks.gpuScheduling(Rendered.overlay("gpu-cluster"), true)).isEmpty();
    }

    @Test
    void devRunsNothingOnGpus() {
        assertThat(KubernetesChecks.gpuScheduling(Rendered.overlay("dev"), false)).isEmpty();
    }

    @Test
    void devRunsPostgresAsAStatefulSetWithAVolume() {
        assertThat(KubernetesChecks.database(Rendered.overlay("dev"), true)).isEmpty();
    }

    @Test
    void gpuClusterUsesAnExternalDatabase() {
        Manifests m = Rendered.overlay("gpu-cluster");
        assertThat(KubernetesChecks.database(m, false)).isEmpty();
        assertThat(m.secretData(secretName(m, "mossa-db")).get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu-cluster"})
    void secretsCarryTheDatabaseCredentialsAndTheAdminKey(String overlay) {
        Manifests m = Rendered.overlay(overlay);
        assertThat(m.secretData(secretName(m, "mossa-db")))
                .containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")
                .allSatisfy((key, value) -> assertThat(value).as(key).isNotBlank());
        assertThat(m.secretData(secretName(m, "gateway-admin"))).containsKey("MOSSA_GATEWAY_ADMIN_KEY");
    }

    /**
     * The gateway refuses to start with an admin key containing CHANGE-ME (the repository's placeholder), so no
     * overlay can run with the base's value by accident, and the production overlay commits no real secret.
     */
    @Test
    void theAdminKeyIsAPlaceholderExceptInTheDevOverlay() {
        Manifests dev = Rendered.overlay("dev");
        assertThat(dev.secretData(secretName(dev, "gateway-admin")).get("MOSSA_GATEWAY_ADMIN_KEY"))
                .isNotBlank().doesNotContain("CHANGE-ME");
        Manifests gpu = Rendered.overlay("gpu-cluster");
        assertThat(gpu.secretData(secretName(gpu, "gateway-admin")).get("MOSSA_GATEWAY_ADMIN_KEY")).contains("CHANGE-ME");
    }

    /** Generated Secrets carry a content hash suffix: find the one generated from this name. */
    private static String secretName(Manifests m, String generator) {
        return m.ofKind("Secret").stream().map(Manifests::nameOf)
                .filter(n -> n.equals(generator) || n.matches(java.util.regex.Pattern.quote(generator) + "-[a-z0-9]{10}"))
                .findFirst().orElseThrow(() -> new AssertionError(m.name + ": no Secret " + generator));
    }
}
