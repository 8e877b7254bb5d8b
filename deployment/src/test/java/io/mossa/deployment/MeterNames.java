package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series MOSSA's own meters produce, read from the services' sources: every
 * {@code Gauge/Counter/Timer/DistributionSummary.builder("name")} and {@code registry.counter/timer/gauge/summary("name", tags...)},
 * named as Micrometer's Prometheus registry names them (dots to underscores, counters _total, timers
 * _seconds_count/_sum/_max, summaries _count/_sum/_max, and _bucket with the label le only where the service's
 * configuration turns on {@code management.metrics.distribution.percentiles-histogram} for the meter), each with
 * the tag keys the source gives it.
 */
final class MeterNames {

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Gauge|Counter|Timer|DistributionSummary)\\.builder\\(\\s*\"([a-z0-9.]+)\"");
    private static final Pattern REGISTRY_CALL = Pattern.compile(
            "\\.(counter|timer|gauge|summary)\\(\\s*\"([a-z0-9.]+)\"");
    private static final Pattern TAG = Pattern.compile("\\.tag\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern STRING = Pattern.compile("^\\s*\"([A-Za-z0-9_]+)\"\\s*$");
    static final String HISTOGRAM_SETTING = "management.metrics.distribution.percentiles-histogram.";

    private MeterNames() {
    }

    /** Adds the series (Prometheus name -> tag keys) of one service's sources, whose histograms are given. */
    static void read(Path sourceRoot, Predicate<String> histogram, Map<String, Set<String>> series) {
        if (!Files.isDirectory(sourceRoot)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                read(Files.readString(file), histogram, series);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Which meters publish histogram buckets under a service's settings, decided as Spring Boot does: the
     * setting for the longest dotted prefix of the meter name, else the one for "all", else none.
     */
    static Predicate<String> histograms(Map<String, String> settings) {
        return meter -> {
            for (String name = meter; !name.isEmpty(); name = name.contains(".")
                    ? name.substring(0, name.lastIndexOf('.')) : "") {
                String value = settings.get(HISTOGRAM_SETTING + name);
                if (value != null) {
                    return Boolean.parseBoolean(value.strip());
                }
            }
            return Boolean.parseBoolean(settings.getOrDefault(HISTOGRAM_SETTING + "all", "false").strip());
        };
    }

    static void read(String source, Predicate<String> histogram, Map<String, Set<String>> series) {
        Matcher builder = BUILDER.matcher(source);
        while (builder.find()) {
            int end = source.indexOf(".register(", builder.end());
            Set<String> tags = new LinkedHashSet<>();
            Matcher tag = TAG.matcher(source.substring(builder.end(), end < 0 ? builder.end() : end));
            while (tag.find()) {
                tags.add(tag.group(1));
            }
            add(series, builder.group(1), builder.group(2), tags, histogram);
        }
        Matcher call = REGISTRY_CALL.matcher(source);
        while (call.find()) {
            List<String> arguments = arguments(source, call.end());
            Set<String> tags = new LinkedHashSet<>();
            for (int i = 0; i + 1 < arguments.size(); i += 2) {
                Matcher key = STRING.matcher(arguments.get(i));
                if (key.matches()) {
                    tags.add(key.group(1));
                }
            }
            String kind = switch (call.group(1)) {
                case "counter" -> "Counter";
                case "timer" -> "Timer";
                case "summary" -> "DistributionSummary";
                default -> "Gauge";
            };
            add(series, kind, call.group(2), tags, histogram);
        }
    }

    private static void add(Map<String, Set<String>> series, String kind, String meter, Set<String> tags,
            Predicate<String> histogram) {
        String base = meter.replace('.', '_');
        List<String> names = switch (kind) {
            case "Counter" -> List.of(base + "_total");
            case "Timer" -> List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
            case "DistributionSummary" -> List.of(base + "_count", base + "_sum", base + "_max");
            default -> List.of(base);
        };
        for (String name : names) {
            series.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(tags);
        }
        if (!kind.equals("Counter") && !kind.equals("Gauge") && histogram.test(meter)) {
            Set<String> bucket = series.computeIfAbsent(base + (kind.equals("Timer") ? "_seconds_bucket" : "_bucket"),
                    n -> new LinkedHashSet<>());
            bucket.addAll(tags);
            bucket.add("le");
        }
    }

    /** The arguments after the first one of the call whose first argument ends at from. */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = null;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted) {
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ')' || c == ',' && depth == 0) {
                if (current != null) {
                    arguments.add(current.toString());
                }
                if (c == ')') {
                    break;
                }
                current = new StringBuilder();
                continue;
            }
            if (current != null) {
                current.append(c);
            }
        }
        return arguments;
    }
}
