package io.mossa.contract.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses n of a task's examples: the first n, or a seeded uniform random sample without replacement.
 *
 * <p>The random sample is Knuth's selection sampling (TAOCP vol. 2, 3.4.2, Algorithm S): walk the examples in
 * order and keep example i with probability (n - kept) / (size - i). Every n-subset is equally likely and the
 * kept examples stay in the task's order. The uniform numbers come from SplitMix64 (Steele, Lea and Flood 2014)
 * seeded with the seed, one 64-bit output per example, its top 53 bits as a double in [0, 1). The algorithm is
 * pure 64-bit integer arithmetic, so a seed gives the same sample on every run, JVM and platform; it is part of
 * the API and must not change. Every task is sampled with the experiment's seed, so tasks with equally many
 * examples are sampled at the same positions.
 */
public final class ExampleSampler {

    private ExampleSampler() {
    }

    public static <T> List<T> choose(List<T> examples, int n, Sampling sampling) {
        if (n >= examples.size()) {
            return List.copyOf(examples);
        }
        Sampling how = sampling.withDefaults();
        if (how.method() == SamplingMethod.FIRST) {
            return List.copyOf(examples.subList(0, n));
        }
        List<T> chosen = new ArrayList<>(n);
        for (int i : randomPositions(examples.size(), n, how.seed())) {
            chosen.add(examples.get(i));
        }
        return List.copyOf(chosen);
    }

    /** The positions (ascending) of a uniform sample of n of 0..size-1. */
    public static int[] randomPositions(int size, int n, long seed) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot choose " + n + " of " + size);
        }
        int[] positions = new int[n];
        int kept = 0;
        long state = seed;
        for (int i = 0; i < size && kept < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            double u = (mix(state) >>> 11) * 0x1.0p-53;
            if ((size - i) * u < n - kept) {
                positions[kept++] = i;
            }
        }
        return positions;
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
