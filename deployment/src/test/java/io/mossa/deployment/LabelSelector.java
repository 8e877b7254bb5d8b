package io.mossa.deployment;

import java.util.List;
import java.util.Map;

/** Kubernetes label selector semantics (matchLabels AND matchExpressions; an empty selector selects all). */
final class LabelSelector {

    private LabelSelector() {
    }

    static boolean matches(Object selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, Object> required : Yaml.map(Yaml.at(selector, "matchLabels")).entrySet()) {
            if (!Yaml.str(required.getValue()).equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Yaml.maps(Yaml.at(selector, "matchExpressions"))) {
            String key = Yaml.str(expression.get("key"));
            List<Object> values = Yaml.list(expression.get("values"));
            String value = labels.get(key);
            boolean ok = switch (Yaml.str(expression.get("operator"))) {
                case "In" -> value != null && values.stream().map(Yaml::str).anyMatch(value::equals);
                case "NotIn" -> value == null || values.stream().map(Yaml::str).noneMatch(value::equals);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A plain map of selector-like labels (Service.spec.selector). */
    static boolean matchesAll(Map<String, Object> required, Map<String, String> labels) {
        return !required.isEmpty() && required.entrySet().stream()
                .allMatch(e -> Yaml.str(e.getValue()).equals(labels.get(e.getKey())));
    }
}
