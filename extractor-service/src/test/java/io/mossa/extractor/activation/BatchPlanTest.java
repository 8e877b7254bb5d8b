package io.mossa.extractor.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private static long[] of(int length) {
        return new long[length];
    }

    @Test
    void groupsShortInputsFirstWithinBothLimitsAndCoversEveryInputOnce() {
        List<long[]> tokens = List.of(of(10), of(2), of(7), of(3), of(30), of(2));
        List<int[]> passes = BatchPlan.plan(tokens, 3, 24);
        // by length: 1(2) 5(2) 3(3) | 2(7) 0(10) -> 2 x 10 = 20 <= 24, 3 x 30 > 24 | 4(30) alone, over the token limit
        assertThat(passes).containsExactly(new int[] {1, 5, 3}, new int[] {2, 0}, new int[] {4});
    }

    @Test
    void batchSizeOneRunsEveryInputAlone() {
        assertThat(BatchPlan.plan(List.of(of(4), of(1)), 1, 1000)).containsExactly(new int[] {1}, new int[] {0});
    }
}
