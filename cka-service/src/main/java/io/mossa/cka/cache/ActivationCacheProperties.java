package io.mossa.cka.cache;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code mossa.cka.activation-cache}.
 *
 * @param enabled whether fetched activations are stored and reused
 * @param dir     the cache directory, also the scratch space of the unit running (application.properties gives
 *                {@code ${java.io.tmpdir}/mossa-cka-${server.port}/activations}: this instance's own); replicas may
 *                share one volume
 * @param maxSize total size of the entries this process keeps; least recently used entries are deleted
 *                after every write that goes over it
 */
@ConfigurationProperties("mossa.cka.activation-cache")
public record ActivationCacheProperties(@DefaultValue("true") boolean enabled, Path dir,
        @DefaultValue("16GB") DataSize maxSize) {

    public ActivationCacheProperties {
        if (dir == null) {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "mossa-cka-" + ProcessHandle.current().pid(),
                    "activations");
        }
        if (maxSize == null) {
            maxSize = DataSize.ofGigabytes(16);
        }
        if (maxSize.toBytes() < 0) {
            throw new IllegalArgumentException("mossa.cka.activation-cache.max-size must not be negative, got "
                    + maxSize);
        }
    }
}
