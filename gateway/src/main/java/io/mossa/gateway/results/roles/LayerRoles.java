package io.mossa.gateway.results.roles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Splits the layers into the paper's roles (shared, transition, refinement) from per-layer curves, by the
 * exhaustive step-function fits of {@link Segmentation}:
 * <ol>
 * <li>fewer than {@value #MIN_LAYERS} layers, or curves that do not vary (total sum of squares at most
 * 1e-12 per value): no clear structure;</li>
 * <li>the two-change-point fit explains at least {@value #EXPLAINED} of the variation (1 - SSE2 / SSE0) and its
 * second change point removes at least {@value #SECOND_CHANGE} of what the best one-change-point fit leaves
 * ((SSE1 - SSE2) / SSE1): three roles, segments in layer order shared, transition, refinement;</li>
 * <li>otherwise, when the one-change-point fit explains at least {@value #EXPLAINED}: two roles, shared and
 * refinement, no distinct transition (a step, or a transition too short to tell from one);</li>
 * <li>otherwise no clear structure.</li>
 * </ol>
 * Roles follow the segments' order, as in the paper (early layers shared, late ones refining); the levels and
 * the per-layer movement of each segment are reported so that a reader can check the naming against the curves.
 */
public final class LayerRoles {

    public static final int MIN_LAYERS = 4;
    public static final double EXPLAINED = 0.5;
    public static final double SECOND_CHANGE = 0.5;
    private static final double FLAT = 1e-12;

    private LayerRoles() {
    }

    /**
     * @param layers the layers, ascending; position i of every curve belongs to layers.get(i)
     * @param curves named curves, the first the primary one (its movement is reported per segment)
     */
    public static Roles of(List<Integer> layers, Map<String, double[]> curves) {
        int length = layers.size();
        if (length < MIN_LAYERS) {
            return Roles.none("only " + length + " layer" + (length == 1 ? "" : "s") + " with values; segmenting "
                    + "into roles needs at least " + MIN_LAYERS, null);
        }
        double[][] values = curves.values().toArray(new double[0][]);
        Segmentation segmentation = new Segmentation(values);
        double total = segmentation.total();
        if (total <= FLAT * length * values.length) {
            return Roles.none("the curves are flat (they do not change across layers)", null);
        }
        Segmentation.Fit one = segmentation.best(1);
        Segmentation.Fit two = segmentation.best(2);
        double explainedOne = 1 - one.cost() / total;
        double explainedTwo = 1 - two.cost() / total;
        double secondGain = one.cost() <= FLAT * total ? 0 : (one.cost() - two.cost()) / one.cost();
        FitEvidence fit = new FitEvidence(total, one.cost(), two.cost(), explainedOne, explainedTwo, secondGain,
                EXPLAINED, SECOND_CHANGE);
        double[] primary = values[0];
        List<String> names = List.copyOf(curves.keySet());
        if (explainedTwo >= EXPLAINED && secondGain >= SECOND_CHANGE) {
            List<Segment> segments = segments(two, List.of("shared", "transition", "refinement"), layers, names,
                    values);
            List<String> notes = new ArrayList<>();
            double before = segments.get(0).curves().get(0).mean();
            double middle = segments.get(1).curves().get(0).mean();
            double after = segments.get(2).curves().get(0).mean();
            if (!(Math.min(before, after) < middle && middle < Math.max(before, after))) {
                notes.add("the transition's mean " + names.get(0) + " is not between those of its neighbours: a bump "
                        + "or dip rather than a move from one level to another");
            }
            return new Roles("three-roles", String.format(Locale.ROOT, "two change points explain %.3f "
                    + "of the variation; the second removes %.3f of what one change point leaves", explainedTwo,
                    secondGain), segments, boundaries(segments, names), fit, notes);
        }
        if (explainedOne >= EXPLAINED) {
            List<Segment> segments = segments(one, List.of("shared", "refinement"), layers, names, values);
            return new Roles("two-roles", String.format(Locale.ROOT, "one change point explains %.3f of "
                    + "the variation; a second removes only %.3f of the rest (needs %.2f): no distinct transition",
                    explainedOne, secondGain, SECOND_CHANGE), segments, boundaries(segments, names), fit, List.of());
        }
        return Roles.none(String.format(Locale.ROOT, "two change points explain only %.3f of the "
                + "variation (needs %.2f)", explainedTwo, EXPLAINED), fit);
    }

    private static List<Segment> segments(Segmentation.Fit fit, List<String> roles, List<Integer> layers,
            List<String> names, double[][] values) {
        List<Segment> segments = new ArrayList<>();
        for (int k = 0; k < roles.size(); k++) {
            int from = fit.start(k);
            int to = fit.end(k, layers.size());
            List<SegmentCurve> stats = new ArrayList<>();
            for (int c = 0; c < values.length; c++) {
                double mean = 0;
                for (int i = from; i < to; i++) {
                    mean += values[c][i];
                }
                mean /= to - from;
                double variance = 0;
                for (int i = from; i < to; i++) {
                    variance += (values[c][i] - mean) * (values[c][i] - mean);
                }
                stats.add(new SegmentCurve(names.get(c), mean, variance / (to - from)));
            }
            Double movement = null;
            if (to - from > 1) {
                double sum = 0;
                for (int i = from; i + 1 < to; i++) {
                    sum += Math.abs(values[0][i + 1] - values[0][i]);
                }
                movement = sum / (to - from - 1);
            }
            segments.add(new Segment(roles.get(k), layers.get(from), layers.get(to - 1), to - from, stats, movement));
        }
        return segments;
    }

    private static List<Boundary> boundaries(List<Segment> segments, List<String> names) {
        List<Boundary> boundaries = new ArrayList<>();
        for (int k = 1; k < segments.size(); k++) {
            Segment before = segments.get(k - 1);
            Segment after = segments.get(k);
            List<Step> steps = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                steps.add(new Step(names.get(c), after.curves().get(c).mean() - before.curves().get(c).mean()));
            }
            boundaries.add(new Boundary(before.role() + "/" + after.role(), before.lastLayer(), after.firstLayer(),
                    steps));
        }
        return boundaries;
    }

    @Schema(description = "The roles found and the evidence for them")
    public record Roles(
            @Schema(description = "three-roles (shared, transition, refinement), two-roles (shared, refinement) or "
                    + "none (no clear structure)", allowableValues = {"three-roles", "two-roles", "none"})
            String structure,
            @Schema(description = "why, in words") String reason,
            @Schema(description = "consecutive segments covering every layer; empty for none") List<Segment> segments,
            List<Boundary> boundaries,
            @Schema(description = "the fits behind the decision; null when no fit was made", nullable = true)
            FitEvidence fit,
            @Schema(description = "caveats about the answer") List<String> notes) {

        static Roles none(String reason, FitEvidence fit) {
            return new Roles("none", reason, List.of(), List.of(), fit, List.of());
        }
    }

    public record Segment(
            @Schema(allowableValues = {"shared", "transition", "refinement"}) String role,
            int firstLayer,
            int lastLayer,
            @Schema(description = "layers with values in the segment") int layerCount,
            @Schema(description = "mean and variance of each curve over the segment's layers") List<SegmentCurve> curves,
            @Schema(description = "mean absolute change of the first curve between consecutive layers inside the "
                    + "segment: how fast it moves; null for a one-layer segment", nullable = true)
            Double movement) {
    }

    public record SegmentCurve(String curve, double mean, double variance) {
    }

    public record Boundary(
            @Schema(example = "shared/transition") String between,
            @Schema(description = "last layer of the earlier segment") int lastLayerBefore,
            @Schema(description = "first layer of the later segment") int firstLayerAfter,
            @Schema(description = "per curve, the later segment's mean minus the earlier's") List<Step> steps) {
    }

    public record Step(String curve, double change) {
    }

    public record FitEvidence(
            @Schema(description = "SSE0: sum over curves of squared deviations from each curve's mean")
            double totalSumOfSquares,
            @Schema(description = "SSE1: of the best one-change-point step fit") double sseOneChange,
            @Schema(description = "SSE2: of the best two-change-point step fit") double sseTwoChanges,
            @Schema(description = "1 - SSE1 / SSE0") double explainedOneChange,
            @Schema(description = "1 - SSE2 / SSE0") double explainedTwoChanges,
            @Schema(description = "(SSE1 - SSE2) / SSE1: what the second change point adds") double secondChangeGain,
            @Schema(description = "threshold for explained variation") double explainedThreshold,
            @Schema(description = "threshold for the second change point's gain") double secondChangeThreshold) {
    }
}
