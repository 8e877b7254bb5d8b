package io.mossa.deployment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration of every MOSSA service, read once from the repository's source tree. */
final class Services {

    private static Map<String, ServiceConfiguration> all;

    private Services() {
    }

    static synchronized Map<String, ServiceConfiguration> all() {
        if (all == null) {
            Map<String, ServiceConfiguration> read = new LinkedHashMap<>();
            for (String module : Repository.SERVICES) {
                read.put(module, ServiceConfigurationReader.read(Repository.file(module)));
            }
            all = Collections.unmodifiableMap(read);
        }
        return all;
    }

    static ServiceConfiguration get(String module) {
        ServiceConfiguration service = all().get(module);
        if (service == null) {
            throw new IllegalArgumentException("no MOSSA service '" + module + "'; known: " + all().keySet());
        }
        return service;
    }
}
