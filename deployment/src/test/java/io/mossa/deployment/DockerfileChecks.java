package io.mossa.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every service image must do, checked against the service's real configuration. */
final class DockerfileChecks {

    private static final Set<String> BOUND_PREFIXES = Set.of("MOSSA_", "SPRING_", "SERVER_", "MANAGEMENT_");
    private static final Set<String> ROOT_USERS = Set.of("root", "0", "0:0", "root:root");

    private DockerfileChecks() {
    }

    static List<String> check(Dockerfile file, ServiceConfiguration service) {
        List<String> problems = new ArrayList<>();
        String module = service.module();
        String where = file.path;
        if (file.stages.size() < 2) {
            problems.add(where + ": not a multi-stage build");
            return problems;
        }
        problems.addAll(baseImagesAreBuildArguments(file));
        if (!file.build().from().startsWith("maven:3.9-eclipse-temurin-17")) {
            problems.add(where + ": build stage is " + file.build().from() + ", not maven:3.9-eclipse-temurin-17");
        }
        boolean builds = file.build().all("RUN").stream()
                .anyMatch(run -> run.contains("mvn ") && run.contains("-pl " + module + " -am") && run.contains("package"));
        if (!builds) {
            problems.add(where + ": no 'mvn ... -pl " + module + " -am ... package' in the build stage");
        }
        Dockerfile.Stage runtime = file.runtime();
        List<String> users = runtime.all("USER");
        if (users.isEmpty() || ROOT_USERS.contains(users.get(users.size() - 1).strip())) {
            problems.add(where + ": the runtime stage runs as root (USER " + users + ")");
        }
        String readiness = service.probePaths().isEmpty() ? null : service.probePaths().get(1);
        String expected = "http://localhost:" + service.serverPort() + readiness;
        List<String> healthchecks = runtime.all("HEALTHCHECK");
        if (healthchecks.isEmpty() || readiness == null || !healthchecks.get(0).contains(expected + " ")
                && !healthchecks.get(0).endsWith(expected)) {
            problems.add(where + ": HEALTHCHECK " + healthchecks + " does not ask " + expected);
        }
        if (!runtime.all("EXPOSE").contains(String.valueOf(service.serverPort()))) {
            problems.add(where + ": does not EXPOSE " + service.serverPort() + " (server.port)");
        }
        List<String> entrypoints = runtime.all("ENTRYPOINT");
        if (entrypoints.isEmpty() || !entrypoints.get(0).contains("/app/" + module + ".jar")) {
            problems.add(where + ": ENTRYPOINT " + entrypoints + " does not run /app/" + module + ".jar");
        }
        Map<String, String> env = file.environment();
        String jvm = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
        if (!jvm.contains("-XX:MaxRAMPercentage=") || !jvm.contains("-XX:+ExitOnOutOfMemoryError")) {
            problems.add(where + ": JAVA_TOOL_OPTIONS '" + jvm + "' lacks container memory flags");
        }
        for (String name : env.keySet()) {
            if (BOUND_PREFIXES.stream().anyMatch(name::startsWith) && !service.reads(name)) {
                problems.add(where + ": ENV " + name + " is not read by " + module);
            }
        }
        return problems;
    }

    /**
     * Every image, CPU or CUDA, takes its bases from the same two build arguments, BUILD_IMAGE (JDK + Maven)
     * and RUNTIME_IMAGE, whose defaults are public images: one command builds any of them on other bases.
     */
    static List<String> baseImagesAreBuildArguments(Dockerfile file) {
        List<String> problems = new ArrayList<>();
        String build = file.build().written();
        String runtime = file.runtime().written();
        if (!build.startsWith("${BUILD_IMAGE} ")) {
            problems.add(file.path + ": the build stage is FROM " + build + ", not FROM ${BUILD_IMAGE}");
        }
        if (!runtime.equals("${RUNTIME_IMAGE}")) {
            problems.add(file.path + ": the runtime stage is FROM " + runtime + ", not FROM ${RUNTIME_IMAGE}");
        }
        for (String arg : List.of("BUILD_IMAGE", "RUNTIME_IMAGE")) {
            String value = file.globalArg(arg);
            if (value == null || value.isBlank()) {
                problems.add(file.path + ": ARG " + arg + " has no default (the public image a user pulls)");
            }
        }
        for (Dockerfile.Stage stage : file.stages) {
            for (String copy : stage.all("COPY")) {
                java.util.regex.Matcher from = java.util.regex.Pattern.compile("--from=(\\S+)").matcher(copy);
                if (from.find() && from.group(1).contains(":")) {
                    problems.add(file.path + ": COPY --from=" + from.group(1) + " pulls a third image, not a build argument");
                }
            }
        }
        return problems;
    }

    /** Images of services running DJL: offline, with a writable cache directory. */
    static List<String> djl(Dockerfile file) {
        Map<String, String> env = file.environment();
        List<String> problems = new ArrayList<>();
        if (!"true".equals(env.get("DJL_OFFLINE"))) {
            problems.add(file.path + ": DJL_OFFLINE is not true; DJL would try to download natives");
        }
        String cache = env.get("DJL_CACHE_DIR");
        boolean created = cache != null && file.runtime().all("RUN").stream()
                .anyMatch(run -> run.contains(cache) || run.contains(cache.substring(0, cache.lastIndexOf('/'))));
        if (!created) {
            problems.add(file.path + ": DJL_CACHE_DIR " + cache + " is not created for the runtime user");
        }
        return problems;
    }

    /**
     * The CUDA extractor: DJL loads the baked-in CUDA libtorch with the matching JNI library, which must
     * ship in the pytorch-jni jar this build uses (its jnilib/pytorch.properties names the PyTorch and
     * DJL versions).
     */
    static List<String> cuda(Dockerfile file, String jniVersion, java.util.function.Predicate<String> jniShips) {
        Map<String, String> env = file.environment();
        List<String> problems = new ArrayList<>();
        String pytorchVersion = jniVersion.substring(0, jniVersion.indexOf('-'));
        String djlVersion = jniVersion.substring(jniVersion.indexOf('-') + 1);
        if (!file.runtime().from().startsWith("nvidia/cuda:")) {
            problems.add(file.path + ": runtime base " + file.runtime().from() + " is not an nvidia/cuda image");
        }
        String library = env.get("PYTORCH_LIBRARY_PATH");
        if (library == null || file.runtime().all("COPY").stream().noneMatch(c -> c.strip().endsWith(" " + library)
                || c.strip().endsWith(" " + library + "/"))) {
            problems.add(file.path + ": PYTORCH_LIBRARY_PATH " + library + " is not filled by a COPY");
        }
        if (!pytorchVersion.equals(env.get("PYTORCH_VERSION"))) {
            problems.add(file.path + ": PYTORCH_VERSION " + env.get("PYTORCH_VERSION") + " is not " + pytorchVersion
                    + ", the version of the pytorch-jni this build uses");
        }
        if (!djlVersion.equals(file.globalArg("DJL_VERSION"))) {
            problems.add(file.path + ": ARG DJL_VERSION " + file.globalArg("DJL_VERSION") + " is not " + djlVersion);
        }
        String flavor = env.get("PYTORCH_FLAVOR");
        if (flavor == null || !flavor.matches("cu\\d{3}")) {
            problems.add(file.path + ": PYTORCH_FLAVOR " + flavor + " is not a CUDA flavour");
        } else if (!jniShips.test(flavor)) {
            problems.add(file.path + ": pytorch-jni " + jniVersion + " has no linux-x86_64 JNI library for " + flavor);
        }
        return problems;
    }
}
