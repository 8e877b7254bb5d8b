package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads what a service reads from its module directory: src/main/resources/application.{yml,yaml,properties}
 * through Boot's own loaders, and the {@code @ConfigurationProperties} records under src/main/java.
 */
final class ServiceConfigurationReader {

    private static final int BOOT_DEFAULT_PORT = 8080;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)[:}]");
    private static final Pattern ANNOTATION = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern DECLARATION = Pattern.compile("\\b(record|class|interface|enum)\\s+(\\w+)");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private ServiceConfigurationReader() {
    }

    static ServiceConfiguration read(Path moduleDir) {
        String module = moduleDir.getFileName().toString();
        MutablePropertySources sources = new MutablePropertySources();
        Set<String> own = new TreeSet<>();
        Set<String> placeholders = new TreeSet<>();
        for (String name : List.of("application.yml", "application.yaml", "application.properties")) {
            Path file = moduleDir.resolve("src/main/resources").resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            PropertySourceLoader loader = name.endsWith(".properties") ? new PropertiesPropertySourceLoader()
                    : new YamlPropertySourceLoader();
            for (PropertySource<?> source : load(loader, file)) {
                sources.addLast(source);
                for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                    own.add(INDEX.matcher(key).replaceAll(""));
                    Matcher m = PLACEHOLDER.matcher(String.valueOf(source.getProperty(key)));
                    while (m.find()) {
                        placeholders.add(m.group(1));
                    }
                }
            }
        }
        if (sources.size() == 0) {
            throw new IllegalStateException(module + " has no application.yml/.properties under src/main/resources");
        }
        // Only the files themselves: placeholders resolve to their defaults, as in a container with no overrides.
        PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
        Integer port = resolver.getProperty("server.port", Integer.class);
        Map<String, String> settings = new TreeMap<>();
        for (String key : own) {
            String value = resolver.getProperty(key);
            if (value != null) {
                settings.put(key, value);
            }
        }

        Set<String> properties = new TreeSet<>(own);
        properties.addAll(configurationPropertiesRecords(moduleDir.resolve("src/main/java")));
        Set<String> ownGroups = new LinkedHashSet<>();
        own.forEach(key -> ownGroups.add(BootMetadata.group(key)));
        for (String bootProperty : BootMetadata.propertyNames()) {
            if (ownGroups.contains(BootMetadata.group(bootProperty))) {
                properties.add(bootProperty);
            }
        }
        return new ServiceConfiguration(module, port == null ? BOOT_DEFAULT_PORT : port, properties, placeholders,
                settings);
    }

    private static List<PropertySource<?>> load(PropertySourceLoader loader, Path file) {
        try {
            return loader.load(file.getFileName().toString(), new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** prefix + kebab-case component name for every component of every @ConfigurationProperties record. */
    static Set<String> configurationPropertiesRecords(Path javaRoot) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(javaRoot)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(javaRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher annotation = ANNOTATION.matcher(source);
                while (annotation.find()) {
                    String prefix = annotation.group(1);
                    Matcher declaration = DECLARATION.matcher(source);
                    if (!declaration.find(annotation.end()) || !declaration.group(1).equals("record")) {
                        // Records are all this reader understands; anything else must not be passed over silently.
                        throw new IllegalStateException(file + ": @ConfigurationProperties(\"" + prefix
                                + "\") is not on a record; teach ServiceConfigurationReader to read it");
                    }
                    int open = source.indexOf('(', declaration.end());
                    for (String component : components(source, open)) {
                        names.add(prefix + "." + kebab(component));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Names of the record components in the header that opens at index open ('('). */
    private static List<String> components(String source, int open) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder part = new StringBuilder();
        for (int i = open + 1; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    part.append(c).append(source.charAt(++i));
                    continue;
                }
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '<') {
                depth++;
            } else if ((c == ')' || c == '>') && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                parts.add(part.toString());
                part.setLength(0);
                if (c == ')') {
                    break;
                }
                continue;
            }
            part.append(c);
        }
        List<String> names = new ArrayList<>();
        for (String p : parts) {
            String declaration = p.replaceAll("@\\w+(\\([^)]*\\))?", " ").strip();
            if (!declaration.isEmpty()) {
                String[] tokens = declaration.split("\\s+");
                names.add(tokens[tokens.length - 1]);
            }
        }
        return names;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
