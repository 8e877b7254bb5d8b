package io.mossa.gateway.results.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

public class SummaryTest {

    /** Expected values printed by numpy 1.x: np.percentile(a, [0, 25, 50, 75, 100]) and np.mean(a). */
    @Test
    void matchesNumpyOnHandPickedCases() {
        assertSummary(List.of(1.0, 2.0, 3.0, 4.0), 1.0, 1.75, 2.5, 3.25, 4.0, 2.5);
        assertSummary(List.of(3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0), 1.0, 1.75, 3.5, 5.25, 9.0, 3.875);
        assertSummary(List.of(0.5), 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertSummary(List.of(2.0, 2.0, 2.0), 2, 2, 2, 2, 2, 2);
        assertSummary(List.of(0.91, 0.12, 0.55), 0.12, 0.335, 0.55, 0.73, 0.91, 0.5266666666666667);
    }

    @Test
    void matchesPiecewiseLinearEmpiricalQuantileOnRandomSamples() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(40);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(random.nextGaussian());
            }
            Summary summary = Summary.of(values);
            assertThat(summary.q1()).isCloseTo(naiveQuantile(values, 0.25), within(1e-12));
            assertThat(summary.median()).isCloseTo(naiveQuantile(values, 0.5), within(1e-12));
            assertThat(summary.q3()).isCloseTo(naiveQuantile(values, 0.75), within(1e-12));
            assertThat(summary.n()).isEqualTo(n);
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            assertThat(summary.mean()).isCloseTo(sum / n, within(1e-12));
            assertThat(summary.min()).isEqualTo(values.stream().min(Double::compare).orElseThrow());
            assertThat(summary.max()).isEqualTo(values.stream().max(Double::compare).orElseThrow());
        }
    }

    @Test
    void noValuesNoSummary() {
        assertThat(Summary.of(List.of())).isNull();
    }

    /**
     * The linear-interpolation quantile read off the graph through the points (i / (n - 1), x_(i)): find the
     * segment that contains p by walking the points, then interpolate in it.
     */
    public static double naiveQuantile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        if (n == 1) {
            return sorted.get(0);
        }
        for (int i = 0; i < n - 1; i++) {
            double left = (double) i / (n - 1);
            double right = (double) (i + 1) / (n - 1);
            if (p >= left && p <= right) {
                double t = (p - left) / (right - left);
                return sorted.get(i) * (1 - t) + sorted.get(i + 1) * t;
            }
        }
        throw new AssertionError("p outside [0, 1]");
    }

    private static void assertSummary(List<Double> values, double min, double q1, double median, double q3,
            double max, double mean) {
        Summary s = Summary.of(values);
        assertThat(new double[] {s.min(), s.q1(), s.median(), s.q3(), s.max(), s.mean()})
                .containsExactly(new double[] {min, q1, median, q3, max, mean}, within(1e-12));
    }
}
