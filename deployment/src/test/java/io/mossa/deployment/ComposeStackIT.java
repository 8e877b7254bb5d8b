package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker-compose.yml run for real (Maven profile "containers", which .ci/run turns on): the service images
 * built from their Dockerfiles on locally made Debian bases, `docker-compose --profile cpu up`, the demo
 * experiment through the published gateway port, compared with CKA computed from a plain run of the
 * extractor jar. Grafana is not started: it has no Debian package and its image is on Docker Hub, which
 * these machines cannot reach.
 *
 * <p>Everything it creates is named mossa-stacktest-*: a compose project of its own per run (containers,
 * network, volumes), images mossa-stacktest/*, host ports chosen free. It removes its project with
 * `down -v` and leaves the images, so that the next run reuses them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    private static final String IMAGE_PREFIX = "mossa-stacktest";
    private static final String PROJECT = "mossa-stacktest-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> STARTED = List.of("postgres", "extractor-cpu", "cka-service", "gateway",
            "prometheus");
    private static final List<String> WITH_HEALTHCHECK = List.of("postgres", "extractor-cpu", "cka-service", "gateway");
    private static final Path LOGS = Path.of("target", "stack-logs");
    private static final String DEMO = "gateway/src/main/resources/demo/demo-experiment.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String ADMIN_KEY = "stacktest-" + UUID.randomUUID();
    private static final int GATEWAY_PORT = StackPorts.free();
    private static final int PROMETHEUS_PORT = StackPorts.free();
    private static final StackReport REPORT = new StackReport();

    private static LocalImages.Bases bases;
    private static boolean started;
    /** The demo's CKA per task and layer from the reference run of the jar. */
    private static Map<String, double[]> reference;

    @BeforeAll
    static void buildAndStart() throws Exception {
        REPORT.line("Docker engine " + Docker.serverVersion() + ", compose project " + PROJECT);
        Instant t0 = Instant.now();
        bases = LocalImages.ensure(Files.createDirectories(Path.of("target", "stack-work")));
        REPORT.phase("local base images (debootstrap + Debian packages, reused when present)", t0);
        for (String base : List.of(bases.debian(), bases.jre(), bases.build(), bases.postgres(), bases.prometheus())) {
            REPORT.image(base);
        }

        Instant t1 = Instant.now();
        for (String module : Repository.SERVICES) {
            String image = IMAGE_PREFIX + "/" + module + ":" + Repository.version();
            String previous = Docker.imageExists(image) ? Docker.imageId(image) : null;
            Docker.run(Duration.ofMinutes(20), "build", "-q", "--build-arg", "BUILD_IMAGE=" + bases.build(),
                    "--build-arg", "RUNTIME_IMAGE=" + bases.jre(), "-f", module + "/Dockerfile", "-t", image, ".");
            if (previous != null && !previous.equals(Docker.imageId(image))) {
                Docker.removeIfUnused(previous); // our own image of the last run, left without a name
            }
            REPORT.image(image);
        }
        REPORT.phase("service images (Maven build inside docker build, layer and Maven caches reused)", t1);
        cudaImage(bases);

        Instant t2 = Instant.now();
        reference = ReferenceCka.compute(demoModel("experimentalModel"), demoModel("controlModel"), demoPrompts(), LOGS);
        REPORT.phase("reference: the extractor jar outside docker, CKA computed in the test", t2);

        Instant t3 = Instant.now();
        started = true;
        up();
        awaitHealthy(Duration.ofMinutes(6));
        REPORT.phase("docker-compose --profile cpu up until every health check is healthy", t3);
    }

    @AfterAll
    static void stopAndRemove() throws Exception {
        try {
            if (started) {
                Files.createDirectories(LOGS);
                Files.writeString(LOGS.resolve("compose.log"), compose("logs", "--no-color", "--tail", "300"));
                compose("down", "-v", "--remove-orphans");
            }
        } finally {
            REPORT.write(LOGS.resolve("stack-report.txt"));
        }
    }

    @Test
    @Order(1)
    void onlyTheGatewayAndPrometheusArePublished() {
        Map<String, Set<String>> published = new LinkedHashMap<>();
        for (String service : STARTED) {
            // one line per binding (IPv4 and IPv6 bindings of one port give the same line)
            String bindings = Docker.inspect(container(service), "{{range $port, $bindings := .NetworkSettings.Ports}}"
                    + "{{range $bindings}}{{$port}}->{{.HostPort}}\n{{end}}{{end}}");
            published.put(service, new TreeSet<>(bindings.lines().filter(l -> !l.isBlank()).toList()));
        }
        assertThat(published).containsEntry("gateway", Set.of("8080/tcp->" + GATEWAY_PORT))
                .containsEntry("prometheus", Set.of("9090/tcp->" + PROMETHEUS_PORT))
                .containsEntry("postgres", Set.of()).containsEntry("extractor-cpu", Set.of())
                .containsEntry("cka-service", Set.of());
    }

    @Test
    @Order(2)
    void everyProcessOfEveryContainerRunsAsANonRootUserAndHealthChecksReportHealthy() {
        for (String service : STARTED) {
            String[] lines = Docker.run("top", container(service), "-o", "pid,uid,comm").split("\n");
            assertThat(lines.length).as(service + " processes").isGreaterThan(1);
            for (int i = 1; i < lines.length; i++) {
                String uid = lines[i].strip().split("\\s+")[1];
                assertThat(uid).as(service + ": " + lines[i]).isNotEqualTo("0");
            }
            assertThat(Docker.inspect(container(service), "{{.Config.User}}")).as(service + " image USER")
                    .isNotIn("", "root", "0", "0:0");
        }
        for (String service : WITH_HEALTHCHECK) {
            assertThat(Docker.inspect(container(service), "{{.State.Health.Status}}")).as(service).isEqualTo("healthy");
        }
    }

    /**
     * First run on a fresh stack, so the activations really come from the extractor (cka-service's activation
     * cache is still empty): both services are killed (SIGKILL, as a crash) while units are in flight; the
     * restart policy brings them back and the experiment finishes with the reference numbers.
     */
    @Test
    @Order(3)
    void killingTheExtractorAndCkaServiceMidExperimentLosesNothing() throws Exception {
        String location = submitDemo();
        Instant t0 = Instant.now();
        Map<String, Object> progress = awaitProgress(location);
        REPORT.line("killed extractor-cpu and cka-service at " + progress.get("progress"));
        for (String service : List.of("extractor-cpu", "cka-service")) {
            int restarts = Integer.parseInt(Docker.inspect(container(service), "{{.RestartCount}}"));
            long pid = Long.parseLong(Docker.inspect(container(service), "{{.State.Pid}}"));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).as(service + " pid " + pid).hasValue(true);
            awaitRestart(service, restarts);
        }
        awaitHealthy(Duration.ofMinutes(5));
        assertFinishesWithTheReferenceNumbers(location);
        REPORT.phase("demo experiment with both services killed mid-way", t0);
    }

    @Test
    @Order(4)
    void theDemoExperimentThroughThePublishedGatewayGivesTheReferenceNumbers() throws Exception {
        Instant t0 = Instant.now();
        assertFinishesWithTheReferenceNumbers(submitDemo());
        REPORT.phase("demo experiment, undisturbed", t0);
    }

    /** Every experiment and its results are still there after `down` and `up` on the same named volume. */
    @Test
    @Order(5)
    void dataSurviveDownAndUp() throws Exception {
        List<String> experiments = experimentLocations();
        if (experiments.isEmpty()) {
            String location = submitDemo();
            awaitFinished(location, Duration.ofMinutes(8));
            experiments = experimentLocations();
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String location : experiments) {
            before.put(location, get(location + "/results").body());
        }
        Instant t0 = Instant.now();
        compose("down");
        up();
        awaitHealthy(Duration.ofMinutes(6));
        REPORT.phase("down + up on the same volumes", t0);
        assertThat(experimentLocations()).containsExactlyInAnyOrderElementsOf(experiments);
        for (String location : experiments) {
            assertThat(get(location + "/results").body()).as(location).isEqualTo(before.get(location));
        }
    }

    /** Built only where its NVIDIA base is on the machine (never here: Docker Hub is unreachable). */
    private static void cudaImage(LocalImages.Bases bases) {
        String cudaBase = Dockerfile.read("extractor-service/Dockerfile.cuda").globalArg("RUNTIME_IMAGE");
        if (Docker.imageExists(cudaBase)) {
            Instant t = Instant.now();
            String image = IMAGE_PREFIX + "/extractor-service:" + Repository.version() + "-cuda";
            Docker.run(Duration.ofMinutes(30), "build", "-q", "--build-arg", "BUILD_IMAGE=" + bases.build(),
                    "-f", "extractor-service/Dockerfile.cuda", "-t", image, ".");
            REPORT.image(image);
            REPORT.phase("CUDA extractor image", t);
        } else {
            REPORT.line("CUDA extractor image NOT built: its base " + cudaBase + " is not on this machine");
        }
    }

    /** SUCCEEDED, and every task's CKA per layer within 1e-9 of the reference run's. */
    private static void assertFinishesWithTheReferenceNumbers(String location) throws Exception {
        Map<String, Object> done = awaitFinished(location, Duration.ofMinutes(8));
        assertThat(done.get("status")).as(done.toString()).isEqualTo("SUCCEEDED");
        List<Object> rows = Yaml.list(results(location).get("results"));
        assertThat(rows).hasSize(reference.size());
        for (Object row : rows) {
            Map<String, Object> result = Yaml.map(row);
            String task = (String) result.get("task");
            assertThat(reference).as("task " + task).containsKey(task);
            double[] expected = reference.get(task);
            List<Object> values = Yaml.list(result.get("values"));
            assertThat(values).as(task).hasSize(expected.length);
            for (Object v : values) {
                Map<String, Object> value = Yaml.map(v);
                int layer = ((Number) value.get("layerX")).intValue();
                assertThat(((Number) value.get("cka")).doubleValue()).as("%s layer %d", task, layer)
                        .isCloseTo(expected[layer], within(1e-9));
            }
        }
    }

    private static String submitDemo() throws Exception {
        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(gateway("/api/v1/experiments"))
                .header("Content-Type", "application/json").header("X-API-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(Repository.read(DEMO))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return submitted.headers().firstValue("Location").orElseThrow();
    }

    /** The experiment once some units are done and some are not. */
    private static Map<String, Object> awaitProgress(String location) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> experiment = Json.parse(get(location).body());
            Map<String, Object> progress = Yaml.map(experiment.get("progress"));
            int done = ((Number) progress.get("unitsDone")).intValue();
            int total = ((Number) progress.get("unitsTotal")).intValue();
            assertThat(done).as("finished before any service could be killed").isLessThan(total);
            if (done > 0) {
                return experiment;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no unit of " + location + " finished in 5 minutes");
    }

    private static Map<String, Object> awaitFinished(String location, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(location);
            if (response.statusCode() == 200) {
                Map<String, Object> experiment = Json.parse(response.body());
                if (!List.of("PENDING", "RUNNING").contains(experiment.get("status"))) {
                    return experiment;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(location + " did not finish in " + timeout);
    }

    private static Map<String, Object> results(String location) throws Exception {
        HttpResponse<String> response = get(location + "/results");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private static List<String> experimentLocations() throws Exception {
        HttpResponse<String> response = get("/api/v1/experiments");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> locations = new ArrayList<>();
        for (Object item : Yaml.list(Json.parse(response.body()).get("experiments"))) {
            locations.add("/api/v1/experiments/" + Yaml.map(item).get("id"));
        }
        return locations;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway(path)).header("X-API-Key", ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI gateway(String path) {
        return URI.create("http://localhost:" + GATEWAY_PORT + path);
    }

    private static void awaitRestart(String service, int restartsBefore) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (Integer.parseInt(Docker.inspect(container(service), "{{.RestartCount}}")) > restartsBefore) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service + " was not restarted by its restart policy");
    }

    private static void awaitHealthy(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<String> waiting = new ArrayList<>(WITH_HEALTHCHECK);
        while (!waiting.isEmpty()) {
            waiting.removeIf(s -> "healthy".equals(Docker.inspect(container(s), "{{.State.Health.Status}}")));
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not healthy after " + timeout + ": " + waiting);
            }
            Thread.sleep(1000);
        }
    }

    private static String container(String service) {
        String id = Docker.run("ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT,
                "--filter", "label=com.docker.compose.service=" + service);
        assertThat(id).as("the running container of " + service).isNotBlank().doesNotContain("\n");
        return id;
    }

    private static void up() {
        List<String> up = new ArrayList<>(List.of("up", "-d", "--no-build"));
        up.addAll(STARTED);
        compose(up.toArray(String[]::new));
    }

    private static String compose(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f", "docker-compose.yml",
                "-f", "deployment/src/test/resources/compose-stack-test.yml", "--profile", "cpu"));
        command.addAll(List.of(arguments));
        Map<String, String> environment = Map.of(
                "MOSSA_IMAGE_PREFIX", IMAGE_PREFIX,
                "MOSSA_POSTGRES_IMAGE", bases.postgres(),
                "MOSSA_PROMETHEUS_IMAGE", bases.prometheus(),
                "MOSSA_GATEWAY_PORT", String.valueOf(GATEWAY_PORT),
                "MOSSA_PROMETHEUS_PORT", String.valueOf(PROMETHEUS_PORT),
                "MOSSA_GATEWAY_ADMIN_KEY", ADMIN_KEY);
        return Tool.run(Duration.ofMinutes(10), environment, "install Debian's docker-compose (.ci/run does)",
                command.toArray(String[]::new));
    }

    private static String demoModel(String field) {
        return (String) Json.parse(Repository.read(DEMO)).get(field);
    }

    /** The demo task set's prompts, read from the bundled file the gateway serves (every prompt is used). */
    private static Map<String, List<String>> demoPrompts() {
        Map<String, Object> taskSet = Json.parse(Repository.read("gateway/src/main/resources/task-sets/"
                + Json.parse(Repository.read(DEMO)).get("taskSet") + ".json"));
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        for (Object t : Yaml.list(taskSet.get("tasks"))) {
            Map<String, Object> task = Yaml.map(t);
            prompts.put((String) task.get("name"), Yaml.list(task.get("prompts")).stream().map(String.class::cast).toList());
        }
        return prompts;
    }
}
