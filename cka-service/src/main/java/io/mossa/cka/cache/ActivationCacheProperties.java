package io.mossa.cka.cache;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code mossa.cka.activation-cache}.
 *
 * @param enabled whether fetched activations are stored and reused
 * @param dir     the cache directory (default {@code ${java.io.tmpdir}/mossa-cka-activations}); replicas may
 *                share one volume
 * @param maxSize total size of the entries this process keeps; least recently used entries are deleted
 *                after every write that goes over it
 */
@ConfigurationProperties("mossa.cka.activation-cache")
public record ActivationCacheProperties(@DefaultValue("true") boolean enabled, Path dir,
        @DefaultValue("2GB") DataSize maxSize) {

    public ActivationCacheProperties {
        if (dir == null) {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "mossa-cka-activations");
        }
        if (maxSize == null) {
            maxSize = DataSize.ofGigabytes(2);
        }
        if (maxSize.toBytes() < 0) {
            throw new IllegalArgumentException("mossa.cka.activation-cache.max-size must not be negative, got "
                    + maxSize);
        }
    }
}
