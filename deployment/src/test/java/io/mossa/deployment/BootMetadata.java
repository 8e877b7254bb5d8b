package io.mossa.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names of Spring Boot's own properties, from the configuration metadata that Boot's jars ship
 * (META-INF/spring-configuration-metadata.json of every jar on the test class path).
 */
final class BootMetadata {

    private static Set<String> names;

    private BootMetadata() {
    }

    static synchronized Set<String> propertyNames() {
        if (names == null) {
            Set<String> found = new TreeSet<>();
            try {
                Enumeration<URL> files = BootMetadata.class.getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json");
                for (URL file : Collections.list(files)) {
                    try (InputStream in = file.openStream()) {
                        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        for (Object property : Yaml.list(Json.parse(json).get("properties"))) {
                            found.add(Yaml.str(Yaml.at(property, "name")));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!found.contains("server.port") || !found.contains("spring.datasource.url")) {
                throw new IllegalStateException("Boot's configuration metadata is missing from the class path");
            }
            names = Collections.unmodifiableSet(found);
        }
        return names;
    }

    /**
     * The part of a property name that one Boot module owns: "spring.datasource" for spring.datasource.url
     * (the "spring" namespace is shared by many unrelated modules), "server" for server.port.
     */
    static String group(String property) {
        String[] parts = property.split("\\.");
        return parts[0].equals("spring") && parts.length > 1 ? parts[0] + "." + parts[1] : parts[0];
    }
}
