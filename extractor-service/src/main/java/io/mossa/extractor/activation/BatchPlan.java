package io.mossa.extractor.activation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups a request's inputs into forward passes: inputs sorted by length so that each pass pads little,
 * then filled up to the batch-size and padded-token limits. The order of passes does not matter for the
 * result (each input's numbers are independent of its batch mates), only for memory and speed.
 */
final class BatchPlan {

    private BatchPlan() {
    }

    /** @return input indices per pass */
    static List<int[]> plan(List<long[]> tokens, int maxBatchSize, long maxBatchTokens) {
        int[] byLength = IntStream.range(0, tokens.size()).boxed()
                .sorted(Comparator.comparingInt(i -> tokens.get(i).length))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> passes = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int index : byLength) {
            int length = tokens.get(index).length;
            // sorted ascending: the newcomer is the longest, so the pass would pad to its length
            boolean fits = current.size() < maxBatchSize && (long) (current.size() + 1) * length <= maxBatchTokens;
            if (!current.isEmpty() && !fits) {
                passes.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            current.add(index);
        }
        if (!current.isEmpty()) {
            passes.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return passes;
    }
}
