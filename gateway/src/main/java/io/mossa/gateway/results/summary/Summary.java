package io.mossa.gateway.results.summary;

import java.util.Collection;

import io.swagger.v3.oas.annotations.media.Schema;

/** Distribution of one value across tasks; quartiles as numpy's default linear interpolation. */
@Schema(description = "Distribution across tasks; quartiles by linear interpolation (numpy's default)")
public record Summary(double min, double q1, double median, double q3, double max, double mean,
        @Schema(description = "number of tasks") int n) {

    /** The summary of the values, or null when there are none. */
    public static Summary of(Collection<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Summary(sorted[0], Quantiles.linear(sorted, 0.25), Quantiles.linear(sorted, 0.5),
                Quantiles.linear(sorted, 0.75), sorted[sorted.length - 1], sum / sorted.length, sorted.length);
    }
}
