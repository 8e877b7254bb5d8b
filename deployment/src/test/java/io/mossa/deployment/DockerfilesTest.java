package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every service image: multi-stage Maven build on bases given as build arguments, non-root, container JVM
 * flags, health check on readiness. (ComposeStackIT builds and runs them.)
 */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"extractor-service/Dockerfile", "extractor-service/Dockerfile.cuda",
            "cka-service/Dockerfile", "gateway/Dockerfile"})
    void imageBuildsAndRunsTheServiceAsConfigured(String path) {
        ServiceConfiguration service = Services.get(path.substring(0, path.indexOf('/')));
        assertThat(DockerfileChecks.check(Dockerfile.read(path), service)).isEmpty();
    }

    @Test
    void everyServiceHasADockerfile() {
        for (String module : Repository.SERVICES) {
            assertThat(Repository.file(module + "/Dockerfile")).as(module).isRegularFile();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"extractor-service/Dockerfile", "extractor-service/Dockerfile.cuda", "cka-service/Dockerfile"})
    void djlRunsOfflineWithAWritableCache(String path) {
        assertThat(DockerfileChecks.djl(Dockerfile.read(path))).isEmpty();
    }

    @Test
    void cudaImageLoadsTheBakedInLibtorchWithAJniLibraryThatShips() throws IOException {
        assertThat(DockerfileChecks.cuda(Dockerfile.read("extractor-service/Dockerfile.cuda"), jniVersion(),
                DockerfilesTest::jniShips)).isEmpty();
    }

    @Test
    void breakage() throws IOException {
        String gateway = Repository.read("gateway/Dockerfile");
        Dockerfile broken = new Dockerfile("broken gateway", gateway
                .replace("USER 10001:10001", "USER root")
                .replace("http://localhost:8080/actuator/health/readiness", "http://localhost:8080/actuator/health")
                .replace("-pl gateway -am", "-pl gateway")
                .replace("-XX:MaxRAMPercentage=75.0 ", "")
                .replace("EXPOSE 8080", "EXPOSE 8081\nENV MOSSA_GATEWAY_CKA_ADDRESS=x")
                .replace("FROM ${RUNTIME_IMAGE}", "FROM eclipse-temurin:17-jre"));
        assertThat(DockerfileChecks.check(broken, Services.get("gateway")))
                .anyMatch(p -> p.contains("runs as root"))
                .anyMatch(p -> p.contains("HEALTHCHECK"))
                .anyMatch(p -> p.contains("-pl gateway -am"))
                .anyMatch(p -> p.contains("lacks container memory flags"))
                .anyMatch(p -> p.contains("does not EXPOSE 8080"))
                .anyMatch(p -> p.contains("ENV MOSSA_GATEWAY_CKA_ADDRESS is not read by gateway"))
                .anyMatch(p -> p.contains("the runtime stage is FROM eclipse-temurin:17-jre, not FROM ${RUNTIME_IMAGE}"));

        String cuda = Repository.read("extractor-service/Dockerfile.cuda");
        Dockerfile brokenCuda = new Dockerfile("broken cuda", cuda
                .replace("ARG PYTORCH_VERSION=2.7.1", "ARG PYTORCH_VERSION=2.5.1")
                .replace("ARG PYTORCH_FLAVOR=cu128", "ARG PYTORCH_FLAVOR=cu118")
                .replace("DJL_OFFLINE=true", "DJL_OFFLINE=false")
                .replace("ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17", "ARG BUILD_IMAGE")
                .replace("COPY --from=build /jni/", "COPY --from=eclipse-temurin:17-jre /opt/java/openjdk /opt/java\nCOPY --from=build /jni/"));
        assertThat(DockerfileChecks.cuda(brokenCuda, jniVersion(), DockerfilesTest::jniShips))
                .anyMatch(p -> p.contains("PYTORCH_VERSION 2.5.1"))
                .anyMatch(p -> p.contains("has no linux-x86_64 JNI library for cu118"));
        assertThat(DockerfileChecks.djl(brokenCuda)).anyMatch(p -> p.contains("DJL_OFFLINE is not true"));
        assertThat(DockerfileChecks.baseImagesAreBuildArguments(brokenCuda))
                .anyMatch(p -> p.contains("ARG BUILD_IMAGE has no default"))
                .anyMatch(p -> p.contains("COPY --from=eclipse-temurin:17-jre pulls a third image"));
    }

    /** pytorch-jni's own record of the PyTorch and DJL versions it is built for, e.g. 2.7.1-0.36.0. */
    private static String jniVersion() throws IOException {
        try (InputStream in = DockerfilesTest.class.getResourceAsStream("/jnilib/pytorch.properties")) {
            assertThat(in).as("pytorch-jni on the test class path").isNotNull();
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jni_version");
        }
    }

    private static boolean jniShips(String flavor) {
        return DockerfilesTest.class.getResource("/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so") != null;
    }
}
