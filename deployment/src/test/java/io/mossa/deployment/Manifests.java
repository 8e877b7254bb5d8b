package io.mossa.deployment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The objects of one rendered Kustomize overlay, with the lookups the checks need. */
final class Manifests {

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    final String name;
    final List<Map<String, Object>> objects;

    Manifests(String name, List<Map<String, Object>> objects) {
        this.name = name;
        this.objects = objects;
    }


    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(nameOf(o))).findFirst().orElse(null);
    }

    static String nameOf(Map<String, Object> object) {
        return Yaml.str(Yaml.at(object, "metadata", "name"));
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            if (WORKLOAD_KINDS.contains(Yaml.str(o.get("kind")))) {
                workloads.add(new Workload(o));
            }
        }
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
    }

    /** Workloads whose pods a Service-style selector (plain label map) picks. */
    List<Workload> selectedBy(Map<String, Object> serviceSelector) {
        return workloads().stream().filter(w -> LabelSelector.matchesAll(serviceSelector, w.labels())).toList();
    }

    /** Workloads whose pods a LabelSelector (matchLabels/matchExpressions) picks. */
    List<Workload> selectedByLabelSelector(Object selector) {
        return workloads().stream().filter(w -> LabelSelector.matches(selector, w.labels())).toList();
    }

    /** The environment of a container: env (values and Secret/ConfigMap key references) plus envFrom. */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : Yaml.maps(container.get("envFrom"))) {
            String prefix = Yaml.str(source.getOrDefault("prefix", ""));
            Object configMap = Yaml.at(source, "configMapRef", "name");
            Object secret = Yaml.at(source, "secretRef", "name");
            Map<String, String> data = configMap != null ? configMapData(Yaml.str(configMap))
                    : secretData(Yaml.str(secret));
            data.forEach((k, v) -> env.put(prefix + k, v));
        }
        for (Map<String, Object> variable : Yaml.maps(container.get("env"))) {
            String value = Yaml.str(variable.get("value"));
            Object secretRef = Yaml.at(variable, "valueFrom", "secretKeyRef");
            Object configMapRef = Yaml.at(variable, "valueFrom", "configMapKeyRef");
            if (secretRef != null) {
                value = secretData(Yaml.str(Yaml.at(secretRef, "name"))).get(Yaml.str(Yaml.at(secretRef, "key")));
            } else if (configMapRef != null) {
                value = configMapData(Yaml.str(Yaml.at(configMapRef, "name")))
                        .get(Yaml.str(Yaml.at(configMapRef, "key")));
            }
            env.put(Yaml.str(variable.get("name")), value);
        }
        return env;
    }

    Map<String, String> configMapData(String name) {
        Map<String, Object> configMap = find("ConfigMap", name);
        Map<String, String> data = new LinkedHashMap<>();
        if (configMap == null) {
            throw new AssertionError(this.name + ": ConfigMap '" + name + "' is referenced but not rendered");
        }
        Yaml.map(configMap.get("data")).forEach((k, v) -> data.put(k, Yaml.str(v)));
        return data;
    }

    Map<String, String> secretData(String name) {
        Map<String, Object> secret = find("Secret", name);
        if (secret == null) {
            throw new AssertionError(this.name + ": Secret '" + name + "' is referenced but not rendered");
        }
        Map<String, String> data = new LinkedHashMap<>();
        // long values come folded over lines, which YAML joins with spaces
        Yaml.map(secret.get("data")).forEach((k, v) -> data.put(k, new String(
                Base64.getDecoder().decode(Yaml.str(v).replaceAll("\\s", "")), StandardCharsets.UTF_8)));
        Yaml.map(secret.get("stringData")).forEach((k, v) -> data.put(k, Yaml.str(v)));
        return data;
    }

    /** A Deployment/StatefulSet and its pod template. */
    record Workload(Map<String, Object> object) {

        String kind() {
            return Yaml.str(object.get("kind"));
        }

        String name() {
            return nameOf(object);
        }

        Map<String, Object> podSpec() {
            return Yaml.map(Yaml.at(object, "spec", "template", "spec"));
        }

        Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            Yaml.map(Yaml.at(object, "spec", "template", "metadata", "labels"))
                    .forEach((k, v) -> labels.put(k, Yaml.str(v)));
            return labels;
        }

        Map<String, Object> annotations() {
            return Yaml.map(Yaml.at(object, "spec", "template", "metadata", "annotations"));
        }

        List<Map<String, Object>> containers() {
            return Yaml.maps(podSpec().get("containers"));
        }

        /** The MOSSA module whose image the first container runs, or null for other images (postgres). */
        String module() {
            for (Map<String, Object> c : containers()) {
                String image = Yaml.str(c.get("image"));
                if (image != null && image.startsWith(Images.REPOSITORY_PREFIX)) {
                    return Images.module(image);
                }
            }
            return null;
        }

        /** A container port by number or name; null when the container declares no such port. */
        static Integer containerPort(Map<String, Object> container, Object port) {
            for (Map<String, Object> declared : Yaml.maps(container.get("ports"))) {
                Object number = declared.get("containerPort");
                if (port instanceof Integer && port.equals(number)
                        || port instanceof String && port.equals(declared.get("name"))) {
                    return (Integer) number;
                }
            }
            return null;
        }

        /** Every port any container of the pod declares, by number. */
        List<Integer> containerPorts() {
            List<Integer> ports = new ArrayList<>();
            for (Map<String, Object> c : containers()) {
                for (Map<String, Object> declared : Yaml.maps(c.get("ports"))) {
                    ports.add((Integer) declared.get("containerPort"));
                }
            }
            return ports;
        }

        /** A port reference (number or name) resolved against every container of the pod. */
        Integer resolvePort(Object port) {
            for (Map<String, Object> c : containers()) {
                Integer resolved = containerPort(c, port);
                if (resolved != null) {
                    return resolved;
                }
            }
            return null;
        }
    }
}
