package io.mossa.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Invariants of docker-compose.yml as `docker-compose config` resolves it. */
final class ComposeChecks {

    private static final Set<String> BOUND_PREFIXES = Set.of("MOSSA_", "SPRING_", "SERVER_", "MANAGEMENT_");

    private ComposeChecks() {
    }

    static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Yaml.map(compose.get("services")).forEach((name, spec) -> services.put(name, Yaml.map(spec)));
        return services;
    }

    /** The MOSSA module a compose service runs: the directory of its Dockerfile, else its image's name. */
    static String module(Map<String, Object> service) {
        String dockerfile = Yaml.str(Yaml.at(service, "build", "dockerfile"));
        if (dockerfile != null && dockerfile.contains("/")) {
            return dockerfile.substring(0, dockerfile.indexOf('/'));
        }
        String image = Yaml.str(service.get("image"));
        return image != null && image.startsWith(Images.REPOSITORY_PREFIX) ? Images.module(image) : null;
    }

    /** The names a service answers to on the compose network: its own and its aliases. */
    static List<String> hostNames(String name, Map<String, Object> service) {
        List<String> names = new ArrayList<>(List.of(name));
        for (Object network : Yaml.map(service.get("networks")).values()) {
            Yaml.list(Yaml.at(network, "aliases")).forEach(alias -> names.add(Yaml.str(alias)));
        }
        return names;
    }

    /**
     * Start order follows health: every depends_on waits for service_healthy of a service with a healthcheck,
     * no service depends on one that a profile may switch off, and each caller of {@link KubernetesChecks#CALLERS}
     * waits for its callee unless the callee comes in profile variants.
     */
    static List<String> startOrder(Map<String, Object> compose) {
        Map<String, Map<String, Object>> services = services(compose);
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            Yaml.map(service.get("depends_on")).forEach((dependency, spec) -> {
                Map<String, Object> target = services.get(dependency);
                if (target == null) {
                    problems.add(name + " depends on unknown service " + dependency);
                    return;
                }
                boolean mossa = module(service) != null;
                if (mossa && !"service_healthy".equals(Yaml.at(spec, "condition"))) {
                    problems.add(name + " starts before " + dependency + " is healthy (condition "
                            + Yaml.at(spec, "condition") + ")");
                }
                if (mossa && target.get("healthcheck") == null) {
                    problems.add(name + " waits for the health of " + dependency + ", which has no healthcheck");
                }
                if (!Yaml.list(target.get("profiles")).isEmpty()
                        && !Yaml.list(service.get("profiles")).containsAll(Yaml.list(target.get("profiles")))) {
                    problems.add(name + " depends on " + dependency + ", which only starts with profiles "
                            + target.get("profiles") + ": Compose rejects the file when they are off");
                }
            });
        });
        for (Map.Entry<String, Set<String>> callee : KubernetesChecks.CALLERS.entrySet()) {
            List<String> calleeServices = servicesOf(services, callee.getKey());
            if (calleeServices.isEmpty()) {
                problems.add("no compose service runs " + callee.getKey());
                continue;
            }
            if (calleeServices.stream().anyMatch(s -> !Yaml.list(services.get(s).get("profiles")).isEmpty())) {
                continue; // profile variants: nobody may depend on them (checked above)
            }
            for (String caller : callee.getValue()) {
                for (String callerService : servicesOf(services, caller)) {
                    if (!Yaml.map(services.get(callerService).get("depends_on")).containsKey(calleeServices.get(0))) {
                        problems.add(callerService + " calls " + callee.getKey() + " but does not wait for it");
                    }
                }
            }
        }
        return problems;
    }

    /** Compose services running a module (postgres: the service of the official postgres image). */
    static List<String> servicesOf(Map<String, Map<String, Object>> services, String role) {
        List<String> names = new ArrayList<>();
        services.forEach((name, service) -> {
            String module = module(service);
            String image = Yaml.str(service.get("image"));
            if (role.equals(module) || module == null && role.equals(KubernetesChecks.POSTGRES)
                    && image != null && image.startsWith("postgres:")) {
                names.add(name);
            }
        });
        return names;
    }

    /** Healthchecks ask the readiness path on the port the service listens on. */
    static List<String> healthchecks(Map<String, Object> compose, Map<String, ServiceConfiguration> configs) {
        List<String> problems = new ArrayList<>();
        services(compose).forEach((name, service) -> {
            String module = module(service);
            if (module == null) {
                return;
            }
            ServiceConfiguration config = configs.get(module);
            String expected = "http://localhost:" + config.serverPort()
                    + (config.probePaths().isEmpty() ? "(no probes)" : config.probePaths().get(1));
            List<String> test = Yaml.list(Yaml.at(service, "healthcheck", "test")).stream().map(Yaml::str).toList();
            if (!test.contains(expected)) {
                problems.add(name + ": healthcheck " + test + " does not ask " + expected);
            }
        });
        return problems;
    }

    /** Environment variables are read by their service, and URLs reach a service's real port. */
    static List<String> environment(Map<String, Object> compose, Map<String, ServiceConfiguration> configs) {
        Map<String, Map<String, Object>> services = services(compose);
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            String module = module(service);
            if (module == null) {
                return;
            }
            Map<String, Object> env = Yaml.map(service.get("environment"));
            for (Map.Entry<String, Object> variable : env.entrySet()) {
                String key = variable.getKey();
                String value = Yaml.str(variable.getValue());
                if (BOUND_PREFIXES.stream().anyMatch(key::startsWith) && !configs.get(module).reads(key)) {
                    problems.add(name + ": sets " + key + ", which " + module + " does not read");
                }
                if (key.endsWith("_URL") && value != null && !value.isBlank()) {
                    problems.addAll(url(services, configs, name + " " + key, value));
                }
            }
            if (module.equals("cka-service") && (env.get("SPRING_DATASOURCE_URL") == null
                    || Yaml.str(env.get("SPRING_DATASOURCE_URL")).isBlank())) {
                problems.add(name + ": no SPRING_DATASOURCE_URL; the service would run an embedded database");
            }
        });
        return problems;
    }

    private static List<String> url(Map<String, Map<String, Object>> services, Map<String, ServiceConfiguration> configs,
            String where, String value) {
        URI uri = URI.create(value.replaceFirst("^jdbc:", ""));
        List<String> targets = new ArrayList<>();
        services.forEach((name, service) -> {
            if (hostNames(name, service).contains(uri.getHost())) {
                targets.add(name);
            }
        });
        if (targets.isEmpty()) {
            return List.of(where + "=" + value + ": no compose service answers to " + uri.getHost());
        }
        List<String> problems = new ArrayList<>();
        for (String target : targets) {
            String module = module(services.get(target));
            int port = module != null ? configs.get(module).serverPort() : KubernetesChecks.POSTGRES_PORT;
            if (uri.getPort() != port) {
                problems.add(where + "=" + value + ": " + target + " listens on " + port);
            }
        }
        return problems;
    }

    /**
     * Images are this build's, built from the module's Dockerfile; the GPU extractor (profile gpu) reserves
     * an NVIDIA GPU and runs the CUDA image, the CPU variant (profile cpu) neither; nothing else takes a GPU.
     */
    static List<String> imagesAndGpu(Map<String, Object> compose, String version) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> profiles = new LinkedHashMap<>();
        services(compose).forEach((name, service) -> {
            String module = module(service);
            if (module == null) {
                return;
            }
            String image = Yaml.str(service.get("image"));
            String problem = Images.problem(image, version);
            if (problem != null) {
                problems.add(name + ": " + problem);
                return;
            }
            if (!module.equals(Images.module(image))) {
                problems.add(name + ": builds " + module + " but tags it " + image);
            }
            String dockerfile = Yaml.str(Yaml.at(service, "build", "dockerfile"));
            boolean cuda = Images.isCuda(image);
            String expected = module + (cuda ? "/Dockerfile.cuda" : "/Dockerfile");
            if (!expected.equals(dockerfile) || !Repository.file(expected).toFile().isFile()) {
                problems.add(name + ": image " + image + " must be built from " + expected + ", not " + dockerfile);
            }
            boolean gpu = Yaml.list(Yaml.at(service, "deploy", "resources", "reservations", "devices")).stream()
                    .anyMatch(d -> "nvidia".equals(Yaml.at(d, "driver"))
                            && Yaml.list(Yaml.at(d, "capabilities")).contains("gpu"));
            if (gpu != cuda) {
                problems.add(name + ": " + (gpu ? "reserves a GPU but runs " + image : "runs " + image + " without a GPU"));
            }
            if (module.equals("extractor-service")) {
                List<Object> p = Yaml.list(service.get("profiles"));
                profiles.put(gpu ? "gpu" : "cpu", p.stream().map(Yaml::str).toList());
            }
        });
        if (!List.of("gpu").equals(profiles.get("gpu")) || !List.of("cpu").equals(profiles.get("cpu"))) {
            problems.add("the extractor needs a GPU variant in profile gpu and a CPU variant in profile cpu, has "
                    + profiles);
        }
        return problems;
    }

    /** Only the gateway of the MOSSA services publishes a port; data lives in named volumes. */
    static List<String> portsAndVolumes(Map<String, Object> compose, Map<String, String> extractorEnvironment) {
        List<String> problems = new ArrayList<>();
        Set<String> named = Yaml.map(compose.get("volumes")).keySet();
        services(compose).forEach((name, service) -> {
            String module = module(service);
            if (module != null && !module.equals("gateway") && service.get("ports") != null) {
                problems.add(name + ": publishes " + service.get("ports") + "; only the gateway is reachable from outside");
            }
            Map<String, String> mounts = mounts(service);
            if (servicesOf(Map.of(name, service), KubernetesChecks.POSTGRES).contains(name)
                    && !named.contains(mounts.get("/var/lib/postgresql/data"))) {
                problems.add(name + ": /var/lib/postgresql/data is not on a named volume");
            }
            if ("extractor-service".equals(module)) {
                String modelsDir = Yaml.str(Yaml.map(service.get("environment")).getOrDefault("MOSSA_EXTRACTOR_MODELS_DIR",
                        extractorEnvironment.get("MOSSA_EXTRACTOR_MODELS_DIR")));
                if (modelsDir == null || !named.contains(mounts.get(modelsDir))) {
                    problems.add(name + ": the models directory " + modelsDir + " is not a mounted volume");
                }
            }
        });
        return problems;
    }

    /** A service's environment as compose renders it (name -> value). */
    static Map<String, String> variables(Map<String, Object> service) {
        Map<String, String> variables = new LinkedHashMap<>();
        Yaml.map(service.get("environment")).forEach((k, v) -> variables.put(k, Yaml.str(v)));
        return variables;
    }

    /** target path -> source of every volume of a service ("source:target[:mode]"). */
    static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : Yaml.list(service.get("volumes"))) {
            if (volume instanceof String s) {
                String[] parts = s.split(":");
                mounts.put(parts[1], parts[0]);
            } else {
                mounts.put(Yaml.str(Yaml.at(volume, "target")), Yaml.str(Yaml.at(volume, "source")));
            }
        }
        return mounts;
    }
}
