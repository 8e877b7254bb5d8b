package io.mossa.deployment;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana expands {@code ${NAME}} in its provisioning files from its own environment, which lets docker compose and
 * Kubernetes share one copy of them. These are the names a file uses, and a value as Grafana would read it.
 */
final class Provisioning {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Provisioning() {
    }

    static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The value with every variable replaced from {@code environment}; an unset one is an AssertionError. */
    static String expand(String value, Map<String, String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = environment.get(m.group(1));
            if (set == null) {
                throw new AssertionError("${" + m.group(1) + "} is not in Grafana's environment");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(set));
        }
        return m.appendTail(out).toString();
    }
}
