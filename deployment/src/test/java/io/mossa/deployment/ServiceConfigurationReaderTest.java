package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader and Boot's relaxed binding on a small module written here, with the answers worked out by hand. */
class ServiceConfigurationReaderTest {

    @TempDir
    Path module;

    @Test
    void readsFilesRecordsPlaceholdersAndThePort() throws IOException {
        write("src/main/resources/application.yml", """
                server:
                  port: ${DEMO_PORT:9123}
                spring:
                  datasource:
                    url: jdbc:postgresql://db/x
                mossa:
                  demo:
                    target-url: ${DEMO_TARGET:http://localhost:1}
                management:
                  endpoint:
                    health:
                      probes:
                        enabled: true
                  endpoints:
                    web:
                      exposure:
                        include: health,prometheus
                """);
        write("src/main/java/demo/DemoProperties.java", """
                package demo;
                @ConfigurationProperties("mossa.demo")
                public record DemoProperties(@DefaultValue("a,b") String leaseSeconds, java.util.Map<String, Integer> maxBatchTokens,
                        Duration pollInterval) {
                }
                """);
        ServiceConfiguration config = ServiceConfigurationReader.read(module);

        assertThat(config.serverPort()).isEqualTo(9123);
        assertThat(config.placeholders()).containsExactlyInAnyOrder("DEMO_PORT", "DEMO_TARGET");
        assertThat(config.properties()).contains("server.port", "spring.datasource.url", "mossa.demo.target-url",
                "mossa.demo.lease-seconds", "mossa.demo.max-batch-tokens", "mossa.demo.poll-interval",
                // Boot's own, from the groups the file configures (spring.datasource, server, management)
                "spring.datasource.username", "server.shutdown", "management.server.port");
        assertThat(config.properties()).doesNotContain("spring.jpa.open-in-view", "mossa.demo.default-value");
        assertThat(config.probePaths()).containsExactly("/actuator/health/liveness", "/actuator/health/readiness");
        assertThat(config.prometheusPath()).isEqualTo("/actuator/prometheus");

        assertThat(config.reads("MOSSA_DEMO_LEASE_SECONDS")).isTrue();
        assertThat(config.reads("MOSSA_DEMO_LEASESECONDS")).isTrue();
        assertThat(config.reads("MOSSA_DEMO_POLL_INTERVAL")).isTrue();
        assertThat(config.reads("DEMO_TARGET")).isTrue();
        assertThat(config.reads("SPRING_DATASOURCE_PASSWORD")).isTrue();
        assertThat(config.reads("MANAGEMENT_SERVER_PORT")).isTrue();
        assertThat(config.reads("MOSSA_DEMO_LEASE_SECOND")).isFalse();
        assertThat(config.reads("MOSSA_DEMO_TARGET_URI")).isFalse();
        assertThat(config.reads("SPRING_JPA_OPEN_IN_VIEW")).isFalse();
    }

    @Test
    void aServiceWithoutPortOrProbesGetsBootsDefaultAndNoProbePaths() throws IOException {
        write("src/main/resources/application.properties", "spring.application.name=x\n");
        ServiceConfiguration config = ServiceConfigurationReader.read(module);
        assertThat(config.serverPort()).isEqualTo(8080);
        assertThat(config.probePaths()).isEmpty();
        assertThat(config.prometheusPath()).isNull();
    }

    @Test
    void configurationPropertiesOnAClassAreNotSkippedSilently() throws IOException {
        write("src/main/resources/application.properties", "a=b\n");
        write("src/main/java/demo/Old.java", """
                @ConfigurationProperties(prefix = "mossa.old")
                public class Old { private int size; }
                """);
        assertThatThrownBy(() -> ServiceConfigurationReader.read(module))
                .hasMessageContaining("@ConfigurationProperties(\"mossa.old\") is not on a record");
    }

    @Test
    void theRealServicesAreRead() {
        // the three services differ in ports and property files; each must yield its probe paths
        for (ServiceConfiguration service : Services.all().values()) {
            assertThat(service.probePaths()).as(service.module()).hasSize(2);
            assertThat(service.prometheusPath()).as(service.module()).isEqualTo("/actuator/prometheus");
        }
        assertThat(Services.all().values().stream().map(ServiceConfiguration::serverPort).distinct()).hasSize(3);
    }

    private void write(String relative, String text) throws IOException {
        Path file = module.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
