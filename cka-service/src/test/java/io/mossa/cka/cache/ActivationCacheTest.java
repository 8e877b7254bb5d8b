package io.mossa.cka.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mossa.cka.extractor.PromptFormat;

/** The cache on a real directory: round trip, LRU eviction by size, corrupt entries, restart. */
class ActivationCacheTest {

    private static final int N = 10;
    private static final int DIM = 12;

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ActivationCache cache(long maxBytes) {
        return new ActivationCache(new ActivationCacheProperties(true, dir, DataSize.ofBytes(maxBytes)), meters);
    }

    private static ActivationKey key(String name) {
        return ActivationKey.of("m", "rev-1", "last", 0, PromptFormat.PLAIN, List.of(name, "other prompt"));
    }

    private static float[] values(long seed) {
        Random random = new Random(seed);
        float[] v = new float[N * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Sum of the sizes of the entry files, listed independently of the cache's own bookkeeping. */
    private long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".npy")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Size of one N x DIM float32 NPY file: 4 bytes per value plus the NPY header. */
    private static long entryBytes() {
        // 10 bytes of magic, version and length, then "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 12), }"
        // (62 characters) padded with spaces and a newline to a multiple of 64: 128 bytes in all
        long header = 128;
        return header + 4L * N * DIM;
    }

    @Test
    void storedValuesComeBackExactlyAndCountAsHits() {
        ActivationCache cache = cache(1 << 20);
        assertThat(cache.get(key("a"), "m", N)).isEmpty();
        float[] v = values(1);
        cache.put(key("a"), N, DIM, v);
        ActivationCache.Entry entry = cache.get(key("a"), "m", N).orElseThrow();
        assertThat(entry.n()).isEqualTo(N);
        assertThat(entry.dim()).isEqualTo(DIM);
        assertThat(array(entry.values())).containsExactly(v);
        assertThat(meters.counter("mossa.cka.activation.cache.hits", "model", "m").count()).isEqualTo(1);
        assertThat(meters.counter("mossa.cka.activation.cache.misses", "model", "m").count()).isEqualTo(1);
        // an entry asked for with another row count is not this one: a miss, not a wrong answer
        assertThat(cache.get(key("a"), "m", N + 1)).isEmpty();
    }

    @Test
    void keysDifferInEveryField() {
        ActivationKey base = ActivationKey.of("m", "r", "last", 1, PromptFormat.PLAIN, List.of("a", "b"));
        assertThat(ActivationKey.of("m", "r", "last", 1, PromptFormat.PLAIN, List.of("a", "b"))).isEqualTo(base);
        assertThat(List.of(ActivationKey.of("m2", "r", "last", 1, PromptFormat.PLAIN, List.of("a", "b")),
                ActivationKey.of("m", "r2", "last", 1, PromptFormat.PLAIN, List.of("a", "b")),
                ActivationKey.of("m", "r", "mean", 1, PromptFormat.PLAIN, List.of("a", "b")),
                ActivationKey.of("m", "r", "last", 2, PromptFormat.PLAIN, List.of("a", "b")),
                ActivationKey.of("m", "r", "last", 1, PromptFormat.PLAIN, List.of("b", "a")),
                ActivationKey.of("m", "r", "last", 1, PromptFormat.PLAIN, List.of("ab")),
                ActivationKey.of("m", "r", "last", 1, PromptFormat.PLAIN, List.of("a", "b", "")),
                // templated prompts: the template's default system prompt, none, and a given one all differ
                ActivationKey.of("m", "r", "last", 1, new PromptFormat(true, null), List.of("a", "b")),
                ActivationKey.of("m", "r", "last", 1, new PromptFormat(true, ""), List.of("a", "b")),
                ActivationKey.of("m", "r", "last", 1, new PromptFormat(true, "Be brief."), List.of("a", "b")),
                ActivationKey.of("m", "r", "last", 1, new PromptFormat(true, "default"), List.of("a", "b"))))
                .doesNotContain(base).doesNotHaveDuplicates();
        assertThat(base.hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void evictionKeepsTheDirectoryUnderTheLimitLeastRecentlyUsedFirst() throws IOException {
        long limit = 3 * entryBytes() + entryBytes() / 2;
        ActivationCache cache = cache(limit);
        cache.put(key("a"), N, DIM, values(1));
        assertThat(directoryBytes()).isEqualTo(entryBytes());
        cache.put(key("b"), N, DIM, values(2));
        cache.put(key("c"), N, DIM, values(3));
        assertThat(cache.get(key("a"), "m", N)).isPresent(); // a is now the most recently used
        cache.put(key("d"), N, DIM, values(4));
        assertThat(directoryBytes()).isLessThanOrEqualTo(limit);
        assertThat(Files.exists(dir.resolve(key("b").fileName()))).as("b, least recently used, evicted").isFalse();
        assertThat(List.of("a", "c", "d")).allSatisfy(k -> assertThat(dir.resolve(key(k).fileName())).exists());
        cache.put(key("e"), N, DIM, values(5));
        assertThat(directoryBytes()).isLessThanOrEqualTo(limit);
        assertThat(dir.resolve(key("c").fileName())).doesNotExist();
        assertThat(List.of("a", "d", "e")).allSatisfy(k -> assertThat(dir.resolve(key(k).fileName())).exists());
        assertThat(meters.counter("mossa.cka.activation.cache.evictions").count()).isEqualTo(2);
        assertThat(meters.get("mossa.cka.activation.cache.bytes").gauge().value()).isEqualTo(3.0 * entryBytes());
        assertThat(array(cache.get(key("a"), "m", N).orElseThrow().values())).containsExactly(values(1));
    }

    @Test
    void aRestartedCacheKnowsItsEntriesAndTrimsThemToANewLimit() throws IOException {
        ActivationCache first = cache(1 << 20);
        for (int i = 0; i < 4; i++) {
            first.put(key("k" + i), N, DIM, values(i));
            // recency survives restarts through the modification time: make the order unambiguous
            Files.setLastModifiedTime(dir.resolve(key("k" + i).fileName()),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        ActivationCache second = new ActivationCache(new ActivationCacheProperties(true, dir,
                DataSize.ofBytes(2 * entryBytes())), new SimpleMeterRegistry());
        assertThat(second.bytesUsed()).isEqualTo(2 * entryBytes()).isEqualTo(directoryBytes());
        assertThat(dir.resolve(key("k0").fileName())).doesNotExist();
        assertThat(dir.resolve(key("k1").fileName())).doesNotExist();
        assertThat(array(second.get(key("k3"), "m", N).orElseThrow().values())).containsExactly(values(3));
    }

    @Test
    void truncatedOrGarbageEntriesAreMissesAndDeleted() throws IOException {
        ActivationCache cache = cache(1 << 20);
        cache.put(key("t"), N, DIM, values(7));
        cache.put(key("g"), N, DIM, values(8));
        Path truncated = dir.resolve(key("t").fileName());
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        Files.writeString(dir.resolve(key("g").fileName()), "not an npy file");
        assertThat(cache.get(key("t"), "m", N)).isEmpty();
        assertThat(cache.get(key("g"), "m", N)).isEmpty();
        assertThat(truncated).doesNotExist();
        assertThat(dir.resolve(key("g").fileName())).doesNotExist();
        assertThat(cache.bytesUsed()).isZero();
        assertThat(meters.counter("mossa.cka.activation.cache.misses", "model", "m").count()).isEqualTo(2);
    }

    @Test
    void aDisabledCacheStoresNothing() throws IOException {
        ActivationCache cache = new ActivationCache(new ActivationCacheProperties(false, dir, DataSize.ofMegabytes(1)),
                meters);
        cache.put(key("x"), N, DIM, values(1));
        assertThat(cache.get(key("x"), "m", N)).isEmpty();
        assertThat(directoryBytes()).isZero();
    }

    /** The values of a (mapped) entry as an array. */
    private static float[] array(java.nio.FloatBuffer buffer) {
        float[] values = new float[buffer.capacity()];
        buffer.get(0, values);
        return values;
    }
}
