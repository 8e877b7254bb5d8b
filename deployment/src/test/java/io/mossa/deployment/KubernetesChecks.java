package io.mossa.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mossa.deployment.Manifests.Workload;

/**
 * Invariants of a rendered overlay. Each check returns what is wrong, one line per violation naming the
 * object, so that a failing test says what to fix; an empty list means the check holds.
 */
final class KubernetesChecks {

    static final String POSTGRES = "postgres";
    static final int POSTGRES_PORT = 5432;
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final Set<String> BOUND_PREFIXES = Set.of("MOSSA_", "SPRING_", "SERVER_", "MANAGEMENT_");

    /** Who may open connections to whom: callee -> callers. The gateway alone is reached from outside. */
    static final Map<String, Set<String>> CALLERS = Map.of(
            "extractor-service", Set.of("gateway", "cka-service"),
            "cka-service", Set.of("gateway"),
            // Grafana as mossa_results_reader, the role that reads only the results views (docs/grafana.md)
            POSTGRES, Set.of("cka-service", "grafana"));

    private KubernetesChecks() {
    }

    /** Every service runs as exactly one workload named after it, from an image of this build. */
    static List<String> images(Manifests m, String version) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Workload w : m.workloads()) {
            for (Map<String, Object> c : w.containers()) {
                String image = Yaml.str(c.get("image"));
                if (image == null || !image.startsWith(Images.REPOSITORY_PREFIX)) {
                    continue;
                }
                String problem = Images.problem(image, version);
                if (problem != null) {
                    problems.add(w.kind() + " " + w.name() + ": " + problem);
                    continue;
                }
                String module = Images.module(image);
                if (!w.name().equals(module) || !module.equals(c.get("name"))) {
                    problems.add(w.kind() + " " + w.name() + ": container " + c.get("name") + " runs " + image
                            + "; workload and container must be named " + module);
                }
                if (!seen.add(module)) {
                    problems.add(module + " runs in more than one workload");
                }
            }
        }
        for (String service : Repository.SERVICES) {
            if (!seen.contains(service)) {
                problems.add("no workload runs " + service);
            }
        }
        return problems;
    }

    /**
     * Probes hit the actuator paths the service really serves, on the port it serves them on
     * (MANAGEMENT_SERVER_PORT when the manifest sets one, else its server.port), and the container declares
     * its server.port.
     */
    static List<String> probes(Manifests m, Map<String, ServiceConfiguration> services) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            String module = w.module();
            if (module == null) {
                continue;
            }
            ServiceConfiguration service = services.get(module);
            Map<String, Object> c = mossaContainer(w);
            String where = w.kind() + " " + w.name();
            if (Workload.containerPort(c, service.serverPort()) == null) {
                problems.add(where + ": declares no containerPort " + service.serverPort()
                        + " (server.port of " + module + ")");
            }
            int management = managementPort(m, c, service);
            if (Workload.containerPort(c, management) == null) {
                problems.add(where + ": declares no containerPort " + management + " for actuator");
            }
            List<String> paths = service.probePaths();
            if (paths.isEmpty()) {
                problems.add(module + " does not enable management.endpoint.health.probes: no probe paths");
                continue;
            }
            String liveness = paths.get(0);
            String readiness = paths.get(1);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Object spec = c.get(probe);
                if (spec == null) {
                    if (!probe.equals("startupProbe")) {
                        problems.add(where + ": no " + probe);
                    }
                    continue;
                }
                String expectedPath = probe.equals("readinessProbe") ? readiness : liveness;
                Object path = Yaml.at(spec, "httpGet", "path");
                if (!expectedPath.equals(path)) {
                    problems.add(where + ": " + probe + " path " + path + ", the service serves " + expectedPath);
                }
                Object port = Yaml.at(spec, "httpGet", "port");
                Integer resolved = Workload.containerPort(c, port);
                if (resolved == null || resolved != management) {
                    problems.add(where + ": " + probe + " port " + port + " is " + resolved + ", actuator listens on "
                            + management);
                }
            }
            Map<String, Object> annotations = w.annotations();
            if ("true".equals(Yaml.str(annotations.get("prometheus.io/scrape")))) {
                if (!String.valueOf(management).equals(Yaml.str(annotations.get("prometheus.io/port")))
                        || !String.valueOf(service.prometheusPath()).equals(
                                Yaml.str(annotations.get("prometheus.io/path")))) {
                    problems.add(where + ": prometheus.io annotations " + annotations + " do not name "
                            + service.prometheusPath() + " on port " + management);
                }
            }
        }
        return problems;
    }

    /** Services of MOSSA pods expose server.port as port "http" and every targetPort exists in the pods. */
    static List<String> servicePorts(Manifests m, Map<String, ServiceConfiguration> services) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> svc : m.ofKind("Service")) {
            String where = "Service " + Manifests.nameOf(svc);
            List<Workload> targets = m.selectedBy(Yaml.map(Yaml.at(svc, "spec", "selector")));
            if (targets.isEmpty()) {
                problems.add(where + ": its selector matches no workload");
                continue;
            }
            for (Workload w : targets) {
                boolean hasHttp = false;
                for (Map<String, Object> port : Yaml.maps(Yaml.at(svc, "spec", "ports"))) {
                    Object target = port.getOrDefault("targetPort", port.get("port"));
                    Integer resolved = w.resolvePort(target);
                    if (resolved == null) {
                        problems.add(where + ": targetPort " + target + " is not a port of " + w.name());
                    }
                    if (w.module() != null && "http".equals(port.get("name"))) {
                        hasHttp = true;
                        int serverPort = services.get(w.module()).serverPort();
                        if (!Integer.valueOf(serverPort).equals(port.get("port"))
                                || !Integer.valueOf(serverPort).equals(resolved)) {
                            problems.add(where + ": port http is " + port.get("port") + " -> " + resolved + "; "
                                    + w.module() + " listens on server.port " + serverPort);
                        }
                    }
                }
                if (w.module() != null && !hasHttp) {
                    problems.add(where + ": no port named http for " + w.module());
                }
            }
        }
        return problems;
    }

    /**
     * Every URL a MOSSA container is given (MOSSA_*_URL, SPRING_DATASOURCE_URL) reaches a Service port whose
     * pods listen there: the extractor/cka URLs land on the target service's server.port.
     */
    static List<String> urls(Manifests m, Map<String, ServiceConfiguration> services) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (w.module() == null) {
                continue;
            }
            for (Map.Entry<String, String> env : m.environment(mossaContainer(w)).entrySet()) {
                if (!env.getKey().endsWith("_URL") || env.getValue() == null) {
                    continue;
                }
                String where = w.name() + " " + env.getKey() + "=" + env.getValue();
                URI uri = URI.create(env.getValue().replaceFirst("^jdbc:", ""));
                if (uri.getHost() == null || uri.getPort() < 0) {
                    problems.add(where + ": needs an explicit host and port");
                    continue;
                }
                String host = uri.getHost().split("\\.")[0];
                Map<String, Object> svc = m.find("Service", host);
                if (svc == null) {
                    if (env.getValue().startsWith("jdbc:") && m.workload(POSTGRES) == null) {
                        continue; // an external database, outside the cluster
                    }
                    problems.add(where + ": no Service named " + host);
                    continue;
                }
                Map<String, Object> port = Yaml.maps(Yaml.at(svc, "spec", "ports")).stream()
                        .filter(p -> Integer.valueOf(uri.getPort()).equals(p.get("port"))).findFirst().orElse(null);
                if (port == null) {
                    problems.add(where + ": Service " + host + " has no port " + uri.getPort());
                    continue;
                }
                for (Workload target : m.selectedBy(Yaml.map(Yaml.at(svc, "spec", "selector")))) {
                    Integer resolved = target.resolvePort(port.getOrDefault("targetPort", port.get("port")));
                    int expected = target.module() != null ? services.get(target.module()).serverPort() : POSTGRES_PORT;
                    if (resolved == null || resolved != expected) {
                        problems.add(where + ": reaches port " + resolved + " of " + target.name() + ", which serves "
                                + expected);
                    }
                }
            }
        }
        return problems;
    }

    /** Every MOSSA_/SPRING_/SERVER_/MANAGEMENT_ variable a container gets is read by its service. */
    static List<String> environmentNames(Manifests m, Map<String, ServiceConfiguration> services) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (w.module() == null) {
                continue;
            }
            ServiceConfiguration service = services.get(w.module());
            Map<String, String> env = m.environment(mossaContainer(w));
            for (String name : env.keySet()) {
                if (BOUND_PREFIXES.stream().anyMatch(name::startsWith) && !service.reads(name)) {
                    problems.add(w.kind() + " " + w.name() + ": sets " + name + ", which " + w.module()
                            + " does not read (no property or placeholder of it binds to that name)");
                }
            }
            // Without a URL cka-service would start an embedded database inside the pod and lose it on restart.
            if (w.module().equals("cka-service") && (env.get("SPRING_DATASOURCE_URL") == null
                    || env.get("SPRING_DATASOURCE_URL").isBlank())) {
                problems.add(w.name() + ": no SPRING_DATASOURCE_URL; the service would run an embedded database");
            }
        }
        return problems;
    }

    /** Exactly the gateway is exposed: Ingress backends are gateway Services and no other Service is external. */
    static List<String> exposure(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> ingresses = m.ofKind("Ingress");
        if (ingresses.isEmpty()) {
            problems.add("no Ingress for the gateway");
        }
        for (Map<String, Object> ingress : ingresses) {
            List<Object> backends = new ArrayList<>();
            if (Yaml.at(ingress, "spec", "defaultBackend") != null) {
                backends.add(Yaml.at(ingress, "spec", "defaultBackend"));
            }
            for (Map<String, Object> rule : Yaml.maps(Yaml.at(ingress, "spec", "rules"))) {
                for (Map<String, Object> path : Yaml.maps(Yaml.at(rule, "http", "paths"))) {
                    backends.add(path.get("backend"));
                }
            }
            for (Object backend : backends) {
                String serviceName = Yaml.str(Yaml.at(backend, "service", "name"));
                Map<String, Object> svc = serviceName == null ? null : m.find("Service", serviceName);
                List<Workload> pods = svc == null ? List.of() : m.selectedBy(Yaml.map(Yaml.at(svc, "spec", "selector")));
                if (pods.isEmpty() || pods.stream().anyMatch(w -> !"gateway".equals(w.module()))) {
                    problems.add("Ingress " + Manifests.nameOf(ingress) + " routes to Service " + serviceName
                            + ", which is not the gateway's");
                }
            }
        }
        for (Map<String, Object> svc : m.ofKind("Service")) {
            String type = Yaml.str(Yaml.at(svc, "spec", "type"));
            List<Workload> pods = m.selectedBy(Yaml.map(Yaml.at(svc, "spec", "selector")));
            if (("LoadBalancer".equals(type) || "NodePort".equals(type))
                    && pods.stream().anyMatch(w -> !"gateway".equals(w.module()))) {
                problems.add("Service " + Manifests.nameOf(svc) + " of type " + type + " exposes a non-gateway pod");
            }
        }
        return problems;
    }

    /** The HPA scales cka-service on CPU (autoscaling/v2), and cka-service requests CPU for it to measure. */
    static List<String> autoscaling(Manifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> hpa = m.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> "cka-service".equals(Yaml.at(h, "spec", "scaleTargetRef", "name"))).findFirst()
                .orElse(null);
        if (hpa == null) {
            return List.of("no HorizontalPodAutoscaler targets cka-service");
        }
        if (!"autoscaling/v2".equals(hpa.get("apiVersion"))
                || !"Deployment".equals(Yaml.at(hpa, "spec", "scaleTargetRef", "kind"))) {
            problems.add("the cka-service HPA must be autoscaling/v2 on its Deployment");
        }
        boolean cpu = Yaml.maps(Yaml.at(hpa, "spec", "metrics")).stream()
                .anyMatch(metric -> "cpu".equals(Yaml.at(metric, "resource", "name")));
        if (!cpu) {
            problems.add("the cka-service HPA has no CPU metric");
        }
        Object min = Yaml.at(hpa, "spec", "minReplicas");
        Object max = Yaml.at(hpa, "spec", "maxReplicas");
        if (!(min instanceof Integer lo) || !(max instanceof Integer hi) || lo < 1 || lo > hi) {
            problems.add("the cka-service HPA needs 1 <= minReplicas <= maxReplicas, has " + min + ".." + max);
        }
        Workload cka = m.workload("cka-service");
        if (cka == null || Yaml.at(mossaContainer(cka), "resources", "requests", "cpu") == null) {
            problems.add("cka-service requests no CPU: the HPA cannot compute its utilisation");
        }
        return problems;
    }

    /** Every MOSSA workload is covered by a PodDisruptionBudget. */
    static List<String> disruptionBudgets(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (w.module() == null) {
                continue;
            }
            boolean covered = m.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(pdb -> LabelSelector.matches(Yaml.at(pdb, "spec", "selector"), w.labels()));
            if (!covered) {
                problems.add(w.kind() + " " + w.name() + ": no PodDisruptionBudget selects its pods");
            }
        }
        return problems;
    }

    /** GPU overlay: the extractor runs the CUDA image with a GPU, on GPU nodes; nothing else takes a GPU. */
    static List<String> gpuScheduling(Manifests m, boolean gpuCluster) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (w.module() == null) {
                continue;
            }
            Map<String, Object> c = mossaContainer(w);
            Object gpus = Yaml.at(c, "resources", "limits", GPU_RESOURCE);
            boolean cuda = Images.isCuda(Yaml.str(c.get("image")));
            boolean shouldHaveGpu = gpuCluster && w.module().equals("extractor-service");
            if (!shouldHaveGpu) {
                if (gpus != null || cuda) {
                    problems.add(w.name() + ": takes a GPU or runs a CUDA image; in " + m.name
                            + " only the gpu-cluster extractor does");
                }
                continue;
            }
            if (!(gpus instanceof Integer n) || n < 1) {
                problems.add(w.name() + ": limits." + GPU_RESOURCE + " is " + gpus + "; needs at least 1");
            }
            if (!cuda) {
                problems.add(w.name() + ": runs " + c.get("image") + " on a GPU; needs the -cuda image");
            }
            if (Yaml.map(w.podSpec().get("nodeSelector")).isEmpty()) {
                problems.add(w.name() + ": no nodeSelector for GPU nodes");
            }
            boolean tolerates = Yaml.maps(w.podSpec().get("tolerations")).stream()
                    .anyMatch(t -> GPU_RESOURCE.equals(t.get("key")));
            if (!tolerates) {
                problems.add(w.name() + ": no toleration for the " + GPU_RESOURCE + " taint of GPU nodes");
            }
        }
        return problems;
    }

    /** dev runs PostgreSQL as a StatefulSet with its own volume; gpu-cluster uses an external server. */
    static List<String> database(Manifests m, boolean inCluster) {
        List<String> problems = new ArrayList<>();
        Workload postgres = m.workload(POSTGRES);
        if (!inCluster) {
            if (postgres != null) {
                problems.add(m.name + ": runs " + postgres.kind() + " postgres; this overlay uses an external database");
            }
            return problems;
        }
        if (postgres == null || !postgres.kind().equals("StatefulSet")) {
            return List.of(m.name + ": no StatefulSet postgres");
        }
        if (Yaml.maps(Yaml.at(postgres.object(), "spec", "volumeClaimTemplates")).isEmpty()) {
            problems.add("StatefulSet postgres has no volumeClaimTemplates: its data would not persist");
        }
        return problems;
    }

    /**
     * Network policies: default deny in both directions; every pod admits only the callers of {@link #CALLERS}
     * (plus a namespace peer on its actuator port only, for Prometheus); the gateway alone admits outside
     * traffic; only cka-service may open connections to PostgreSQL; and every intended call is allowed on
     * both ends.
     */
    static List<String> networkPolicies(Manifests m, Map<String, ServiceConfiguration> services) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> policies = m.ofKind("NetworkPolicy");
        for (Workload w : m.workloads()) {
            for (String direction : List.of("Ingress", "Egress")) {
                boolean isolated = policies.stream().anyMatch(p -> selects(p, w) && types(p).contains(direction));
                if (!isolated) {
                    problems.add(w.name() + ": no NetworkPolicy isolates its " + direction.toLowerCase()
                            + " (default deny is missing)");
                }
            }
        }
        for (Workload callee : m.workloads()) {
            String role = role(callee);
            Integer management = callee.module() == null ? null
                    : managementPort(m, mossaContainer(callee), services.get(callee.module()));
            for (Map<String, Object> policy : policies) {
                if (!selects(policy, callee) || !types(policy).contains("Ingress")) {
                    continue;
                }
                for (Map<String, Object> rule : Yaml.maps(Yaml.at(policy, "spec", "ingress"))) {
                    Set<Integer> ports = rulePorts(rule, callee);
                    String where = "NetworkPolicy " + Manifests.nameOf(policy) + " -> " + callee.name();
                    if (role.equals("gateway")) {
                        continue; // the public entry point
                    }
                    List<Map<String, Object>> peers = Yaml.maps(rule.get("from"));
                    if (peers.isEmpty()) {
                        problems.add(where + ": admits every source");
                    }
                    for (Map<String, Object> peer : peers) {
                        boolean metricsOnly = management != null && ports != null && Set.of(management).equals(ports);
                        if (peer.containsKey("ipBlock")) {
                            problems.add(where + ": admits an ipBlock");
                        } else if (peer.containsKey("namespaceSelector")) {
                            if (!metricsOnly) {
                                problems.add(where + ": admits another namespace on ports "
                                        + (ports == null ? "all" : ports) + "; only the actuator port " + management
                                        + " may be opened to it");
                            }
                        } else {
                            for (Workload caller : m.selectedByLabelSelector(peer.get("podSelector"))) {
                                if (!CALLERS.getOrDefault(role, Set.of()).contains(role(caller))) {
                                    problems.add(where + ": admits " + caller.name() + ", which must not call it");
                                }
                            }
                        }
                    }
                }
            }
        }
        for (Workload source : m.workloads()) {
            for (Map<String, Object> policy : policies) {
                if (!selects(policy, source) || !types(policy).contains("Egress")) {
                    continue;
                }
                for (Map<String, Object> rule : Yaml.maps(Yaml.at(policy, "spec", "egress"))) {
                    if (!CALLERS.get(POSTGRES).contains(role(source)) && mayReachDatabase(m, rule)) {
                        problems.add("NetworkPolicy " + Manifests.nameOf(policy) + ": lets " + source.name()
                                + " open connections to PostgreSQL (port " + POSTGRES_PORT + ")");
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> allowed : CALLERS.entrySet()) {
            for (String callerRole : allowed.getValue()) {
                problems.addAll(reachable(m, policies, callerRole, allowed.getKey(), services));
            }
        }
        Workload gateway = m.workload("gateway");
        if (gateway != null) {
            int port = services.get("gateway").serverPort();
            boolean open = policies.stream().filter(p -> selects(p, gateway) && types(p).contains("Ingress"))
                    .flatMap(p -> Yaml.maps(Yaml.at(p, "spec", "ingress")).stream())
                    .anyMatch(rule -> allowsPort(rule, gateway, port) && (Yaml.maps(rule.get("from")).isEmpty()
                            || Yaml.maps(rule.get("from")).stream().anyMatch(
                                    peer -> peer.containsKey("namespaceSelector") || peer.containsKey("ipBlock"))));
            if (!open) {
                problems.add("no NetworkPolicy admits the ingress controller to the gateway's port " + port);
            }
        }
        return problems;
    }

    /** Both ends allow caller -> callee on the callee's serving port; the database side is covered by dev only. */
    private static List<String> reachable(Manifests m, List<Map<String, Object>> policies, String callerRole,
            String calleeRole, Map<String, ServiceConfiguration> services) {
        Workload caller = m.workload(callerRole);
        if (caller == null) {
            return List.of();
        }
        Workload callee = m.workload(calleeRole);
        int port = calleeRole.equals(POSTGRES) ? POSTGRES_PORT : services.get(calleeRole).serverPort();
        List<String> problems = new ArrayList<>();
        boolean egress = policies.stream().filter(p -> selects(p, caller) && types(p).contains("Egress"))
                .flatMap(p -> Yaml.maps(Yaml.at(p, "spec", "egress")).stream())
                .anyMatch(rule -> rulePortsInclude(rule, port) && Yaml.maps(rule.get("to")).stream().anyMatch(
                        peer -> callee == null ? peer.containsKey("ipBlock")
                                : !peer.containsKey("namespaceSelector") && !peer.containsKey("ipBlock")
                                        && LabelSelector.matches(peer.get("podSelector"), callee.labels())));
        if (!egress) {
            problems.add("no egress rule lets " + callerRole + " reach " + calleeRole + " on port " + port);
        }
        if (callee != null) {
            boolean ingress = policies.stream().filter(p -> selects(p, callee) && types(p).contains("Ingress"))
                    .flatMap(p -> Yaml.maps(Yaml.at(p, "spec", "ingress")).stream())
                    .anyMatch(rule -> allowsPort(rule, callee, port) && Yaml.maps(rule.get("from")).stream().anyMatch(
                            peer -> !peer.containsKey("namespaceSelector") && !peer.containsKey("ipBlock")
                                    && LabelSelector.matches(peer.get("podSelector"), caller.labels())));
            if (!ingress) {
                problems.add("no ingress rule lets " + calleeRole + " accept " + callerRole + " on port " + port);
            }
        }
        return problems;
    }

    private static boolean mayReachDatabase(Manifests m, Map<String, Object> rule) {
        if (!rulePortsInclude(rule, POSTGRES_PORT)) {
            return false;
        }
        List<Map<String, Object>> peers = Yaml.maps(rule.get("to"));
        if (peers.isEmpty()) {
            return true;
        }
        Workload postgres = m.workload(POSTGRES);
        return peers.stream().anyMatch(peer -> peer.containsKey("ipBlock") || peer.containsKey("namespaceSelector")
                || postgres != null && LabelSelector.matches(peer.get("podSelector"), postgres.labels()));
    }

    private static boolean rulePortsInclude(Map<String, Object> rule, int port) {
        List<Map<String, Object>> ports = Yaml.maps(rule.get("ports"));
        return ports.isEmpty() || ports.stream().anyMatch(p -> Integer.valueOf(port).equals(p.get("port"))
                && !"UDP".equals(p.get("protocol")));
    }

    private static boolean allowsPort(Map<String, Object> rule, Workload w, int port) {
        Set<Integer> ports = rulePorts(rule, w);
        return ports == null || ports.contains(port);
    }

    /** The pod's ports a rule opens (named ports resolved); null means all ports. */
    private static Set<Integer> rulePorts(Map<String, Object> rule, Workload w) {
        List<Map<String, Object>> ports = Yaml.maps(rule.get("ports"));
        if (ports.isEmpty()) {
            return null;
        }
        Set<Integer> resolved = new LinkedHashSet<>();
        for (Map<String, Object> p : ports) {
            Object port = p.get("port");
            if (port == null) {
                return null;
            }
            Integer number = w.resolvePort(port);
            resolved.add(number != null ? number : port instanceof Integer i ? i : -1);
        }
        return resolved;
    }

    private static boolean selects(Map<String, Object> policy, Workload w) {
        return LabelSelector.matches(Yaml.at(policy, "spec", "podSelector"), w.labels());
    }

    /** policyTypes, defaulted as the API server does: Ingress, plus Egress when egress rules exist. */
    private static List<String> types(Map<String, Object> policy) {
        List<Object> declared = Yaml.list(Yaml.at(policy, "spec", "policyTypes"));
        if (!declared.isEmpty()) {
            return declared.stream().map(Yaml::str).toList();
        }
        return Yaml.at(policy, "spec", "egress") != null ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static String role(Workload w) {
        return w.module() != null ? w.module() : w.name();
    }

    static Map<String, Object> mossaContainer(Workload w) {
        return w.containers().stream()
                .filter(c -> Yaml.str(c.get("image")) != null && Yaml.str(c.get("image")).startsWith(Images.REPOSITORY_PREFIX))
                .findFirst().orElseThrow();
    }

    /** Actuator's port: MANAGEMENT_SERVER_PORT from the container's environment, else server.port. */
    static int managementPort(Manifests m, Map<String, Object> container, ServiceConfiguration service) {
        String configured = m.environment(container).get("MANAGEMENT_SERVER_PORT");
        return configured == null ? service.serverPort() : Integer.parseInt(configured);
    }
}
