package io.mossa.cka.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Content-addressed activation entries on disk: one float32 NPY file [inputs, dim] per {@link ActivationKey},
 * read back memory-mapped ({@link LayerFile}), so an entry in use costs page cache, not Java heap.
 *
 * <p>Entries are written to a temporary file and renamed into place, so a reader (or a replica sharing the
 * volume) sees a whole entry or none; a file that still cannot be read (disk fault, manual edit) is a
 * miss and is deleted. The total size is kept under {@code max-size} after every write by deleting the
 * least recently used entries: recency is tracked in memory and mirrored in the file's modification time,
 * which orders the entries found on disk at start-up.
 *
 * <p>Each replica accounts only for the entries it has seen; replicas sharing one volume should together
 * be given at most the volume's size.
 */
@Component
public class ActivationCache {

    private static final Logger log = LoggerFactory.getLogger(ActivationCache.class);
    private static final String SUFFIX = ".npy";
    private static final String TEMP_SUFFIX = ".tmp";
    /** Temporary files older than this are leftovers of a crashed writer, not a write in progress. */
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final boolean enabled;
    private final Path dir;
    private final long maxBytes;
    private final MeterRegistry meters;
    private final Counter evictions;
    /** Entry file name -> size in bytes, least recently used first. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytesUsed;

    public ActivationCache(ActivationCacheProperties properties, MeterRegistry meters) {
        this.enabled = properties.enabled();
        this.dir = properties.dir().toAbsolutePath();
        this.maxBytes = properties.maxSize().toBytes();
        this.meters = meters;
        this.evictions = Counter.builder("mossa.cka.activation.cache.evictions")
                .description("activation cache entries deleted to stay under max-size")
                .register(meters);
        Gauge.builder("mossa.cka.activation.cache.bytes", this, ActivationCache::bytesUsed)
                .description("size of the activation cache entries this process accounts for")
                .baseUnit("bytes")
                .register(meters);
        try {
            // also the scratch space of units whose activations are not cached (see CachedActivationSource)
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("mossa.cka.activation-cache.dir " + dir + " cannot be created", e);
        }
        if (enabled) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("mossa.cka.activation-cache.dir " + dir + " cannot be created", e);
            }
            index();
            log.info("activation cache at {}: {} entries, {} of {} bytes", dir, entries.size(), bytesUsed, maxBytes);
        }
    }

    /** One cached layer: {@code values} is the (n x dim) row-major matrix, mapped from its file. */
    public record Entry(int n, int dim, FloatBuffer values) {
    }

    public boolean enabled() {
        return enabled;
    }

    public Path dir() {
        return dir;
    }

    public synchronized long bytesUsed() {
        return bytesUsed;
    }

    /**
     * The entry for {@code key} if present, readable and of {@code n} rows; counted as a hit or miss of
     * {@code model}. An unreadable or mismatched entry is deleted.
     */
    public Optional<Entry> get(ActivationKey key, String model, int n) {
        if (!enabled) {
            return Optional.empty();
        }
        Path file = dir.resolve(key.fileName());
        Optional<Entry> entry = read(file, n);
        synchronized (this) {
            if (entry.isPresent()) {
                Long size = entries.get(key.fileName());
                if (size == null) {
                    // written by another replica sharing the volume: account for it from now on
                    remember(key.fileName(), sizeOf(file));
                }
            } else {
                forget(key.fileName());
            }
        }
        if (entry.isPresent()) {
            touch(file);
            meters.counter("mossa.cka.activation.cache.hits", "model", model).increment();
        } else {
            meters.counter("mossa.cka.activation.cache.misses", "model", model).increment();
        }
        return entry;
    }

    /** Stores an (n x dim) layer under {@code key}, then evicts until the cache fits its limit again. */
    public void put(ActivationKey key, int n, int dim, float[] values) {
        if (!enabled) {
            return;
        }
        Path temp = newTempFile(key);
        try (LayerFile.Writer writer = new LayerFile.Writer(temp, n, dim)) {
            writer.append(values, 0, n);
            writer.finish();
        } catch (IOException e) {
            log.warn("activation entry {} not cached: {}", key.fileName(), e.toString());
            deleteQuietly(temp);
            return;
        }
        adopt(key, temp);
    }

    /** A new file for an entry being written, in the cache directory (so that {@link #adopt} is a rename). */
    Path newTempFile(ActivationKey key) {
        return dir.resolve(key.hash() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    }

    /**
     * Makes a completely written layer file the entry of {@code key} (or deletes it when the cache is off or the
     * entry is larger than the whole cache), then evicts until the cache fits its limit again. A file mapped before
     * stays readable through its mapping either way.
     */
    void adopt(ActivationKey key, Path written) {
        long size = sizeOf(written);
        if (!enabled || size > maxBytes) {
            if (enabled) {
                log.warn("activation entry of {} bytes is larger than mossa.cka.activation-cache.max-size ({} bytes); "
                        + "not cached", size, maxBytes);
            }
            deleteQuietly(written);
            return;
        }
        Path file = dir.resolve(key.fileName());
        try {
            move(written, file);
        } catch (IOException e) {
            log.warn("activation entry {} not cached: {}", file, e.toString());
            deleteQuietly(written);
            return;
        }
        synchronized (this) {
            remember(key.fileName(), sizeOf(file));
            evictOverLimit();
        }
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Optional<Entry> read(Path file, int n) {
        try {
            LayerFile.Mapped mapped = LayerFile.map(file, n);
            return Optional.of(new Entry(mapped.n(), mapped.dim(), mapped.values()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("activation cache entry {} is unreadable ({}); deleted and fetched again", file, e.getMessage());
            deleteQuietly(file);
            return Optional.empty();
        }
    }

    private void remember(String name, long size) {
        Long previous = entries.put(name, size);
        bytesUsed += size - (previous == null ? 0 : previous);
    }

    private void forget(String name) {
        Long previous = entries.remove(name);
        if (previous != null) {
            bytesUsed -= previous;
        }
    }

    private void evictOverLimit() {
        Iterator<Map.Entry<String, Long>> eldest = entries.entrySet().iterator();
        while (bytesUsed > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Long> entry = eldest.next();
            deleteQuietly(dir.resolve(entry.getKey()));
            bytesUsed -= entry.getValue();
            eldest.remove();
            evictions.increment();
        }
    }

    /** Reads the entries already on disk, oldest modification first, and trims them to the limit. */
    private synchronized void index() {
        record Found(String name, long size, FileTime modified) {
        }
        List<Found> found = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                        deleteQuietly(file);
                    }
                } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
                    found.add(new Found(name, Files.size(file), Files.getLastModifiedTime(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("mossa.cka.activation-cache.dir " + dir + " cannot be listed", e);
        }
        found.sort(Comparator.comparing(Found::modified));
        for (Found f : found) {
            remember(f.name(), f.size());
        }
        evictOverLimit();
    }

    // The modification time carries recency across restarts; best effort, the in-memory order rules.
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // deleted meanwhile by another replica: nothing to keep
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
