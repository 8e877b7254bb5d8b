package io.mossa.gateway.results.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * Synthetic curves built from explicit step and ramp functions plus small seeded noise: the expected boundaries
 * are those of the construction.
 */
class LayerRolesTest {

    static final int L = 32;

    static List<Integer> layers(int count) {
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            layers.add(l);
        }
        return layers;
    }

    static double[] curve(int length, IntToDoubleFunction shape, double noise, long seed) {
        Random random = new Random(seed);
        double[] values = new double[length];
        for (int l = 0; l < length; l++) {
            values[l] = shape.applyAsDouble(l) + noise * random.nextGaussian();
        }
        return values;
    }

    static LayerRoles.Roles roles(List<Integer> layers, double[]... curves) {
        Map<String, double[]> named = new LinkedHashMap<>();
        for (int c = 0; c < curves.length; c++) {
            named.put(c == 0 ? "mean" : "sd", curves[c]);
        }
        return LayerRoles.of(layers, named);
    }

    static void assertSegment(LayerRoles.Segment segment, String role, int first, int last) {
        assertThat(segment.role()).isEqualTo(role);
        assertThat(segment.firstLayer()).as(role + " first layer").isEqualTo(first);
        assertThat(segment.lastLayer()).as(role + " last layer").isEqualTo(last);
        assertThat(segment.layerCount()).isEqualTo(last - first + 1);
    }

    @Test
    void threeLevelsGiveThreeRolesAtTheConstructedBoundaries() {
        // the paper's Llama-2 mapping in 0-based layers: shared 0-8, transition 9-14, refinement 15-31
        double[] mean = curve(L, l -> l <= 8 ? -0.10 : l <= 14 ? 0.15 : 0.25, 0.01, 1);
        LayerRoles.Roles roles = roles(layers(L), mean);
        assertThat(roles.structure()).isEqualTo("three-roles");
        assertSegment(roles.segments().get(0), "shared", 0, 8);
        assertSegment(roles.segments().get(1), "transition", 9, 14);
        assertSegment(roles.segments().get(2), "refinement", 15, 31);
        assertThat(roles.boundaries()).extracting(LayerRoles.Boundary::between)
                .containsExactly("shared/transition", "transition/refinement");
        assertThat(roles.boundaries().get(0).lastLayerBefore()).isEqualTo(8);
        assertThat(roles.boundaries().get(0).firstLayerAfter()).isEqualTo(9);
        // the evidence: segment means of the input, the steps between them, the fit against one segment
        double shared = 0;
        for (int l = 0; l <= 8; l++) {
            shared += mean[l];
        }
        double transition = 0;
        for (int l = 9; l <= 14; l++) {
            transition += mean[l];
        }
        assertThat(roles.segments().get(0).curves().get(0).mean()).isCloseTo(shared / 9, within(1e-12));
        assertThat(roles.boundaries().get(0).steps().get(0).change()).isCloseTo(transition / 6 - shared / 9,
                within(1e-12));
        assertThat(roles.boundaries().get(0).steps().get(0).change()).isCloseTo(0.25, within(0.02));
        assertThat(roles.fit().explainedTwoChanges()).isGreaterThan(0.95);
        assertThat(roles.fit().explainedTwoChanges()).isCloseTo(
                1 - SegmentationTest.naiveCost(new double[][] {mean}, 0, 9, 15)
                        / SegmentationTest.naiveCost(new double[][] {mean}, 0), within(1e-9));
        assertThat(roles.notes()).isEmpty();
    }

    @Test
    void aRampBetweenTwoPlateausIsTheTransition() {
        // flat 0.2 up to layer 9, a linear rise over layers 10-15, flat 0.8 from layer 16
        double[] mean = curve(L, l -> l <= 9 ? 0.2 : l >= 16 ? 0.8 : 0.2 + 0.6 * (l - 9) / 7.0, 0.005, 2);
        LayerRoles.Roles roles = roles(layers(L), mean);
        assertThat(roles.structure()).isEqualTo("three-roles");
        LayerRoles.Segment transition = roles.segments().get(1);
        // every plateau layer stays out of the transition, which lies inside the ramp
        assertThat(transition.firstLayer()).isBetween(10, 15);
        assertThat(transition.lastLayer()).isBetween(10, 15);
        assertThat(roles.segments().get(0).firstLayer()).isZero();
        assertThat(roles.segments().get(2).lastLayer()).isEqualTo(31);
        // the transition is where the curve moves fastest
        assertThat(transition.movement()).isGreaterThan(roles.segments().get(0).movement())
                .isGreaterThan(roles.segments().get(2).movement());
    }

    @Test
    void aSingleStepGivesSharedAndRefinementWithoutATransition() {
        double[] mean = curve(L, l -> l < 12 ? 0.3 : 0.8, 0.01, 3);
        LayerRoles.Roles roles = roles(layers(L), mean);
        assertThat(roles.structure()).isEqualTo("two-roles");
        assertThat(roles.segments()).hasSize(2);
        assertSegment(roles.segments().get(0), "shared", 0, 11);
        assertSegment(roles.segments().get(1), "refinement", 12, 31);
        assertThat(roles.boundaries()).singleElement().satisfies(b -> {
            assertThat(b.between()).isEqualTo("shared/refinement");
            assertThat(b.firstLayerAfter()).isEqualTo(12);
        });
        assertThat(roles.fit().secondChangeGain()).isLessThan(LayerRoles.SECOND_CHANGE);
    }

    @Test
    void noiseAloneHasNoClearStructure() {
        LayerRoles.Roles roles = roles(layers(L), curve(L, l -> 0.5, 0.05, 4));
        assertThat(roles.structure()).isEqualTo("none");
        assertThat(roles.segments()).isEmpty();
        assertThat(roles.reason()).startsWith("two change points explain only");
        assertThat(roles.fit().explainedTwoChanges()).isLessThan(LayerRoles.EXPLAINED);
    }

    @Test
    void flatCurvesHaveNoClearStructureAndNoFit() {
        LayerRoles.Roles roles = roles(layers(8), curve(8, l -> 0.42, 0, 0), curve(8, l -> 0.1, 0, 0));
        assertThat(roles.structure()).isEqualTo("none");
        assertThat(roles.reason()).contains("flat");
        assertThat(roles.fit()).isNull();
        // same input, same answer
        assertThat(roles(layers(8), curve(8, l -> 0.42, 0, 0), curve(8, l -> 0.1, 0, 0))).isEqualTo(roles);
    }

    @Test
    void fewerThanFourLayersAreNotSegmented() {
        for (int count = 0; count < LayerRoles.MIN_LAYERS; count++) {
            LayerRoles.Roles roles = roles(layers(count), curve(count, l -> l, 0, 0));
            assertThat(roles.structure()).isEqualTo("none");
            assertThat(roles.reason()).contains("needs at least 4");
        }
        assertThat(roles(layers(4), new double[] {0, 0, 1, 1}).structure()).isEqualTo("two-roles");
    }

    @Test
    void tiedPlacementsGiveTheSameDeterministicAnswer() {
        // a clean step: the second change point could go anywhere inside a plateau at no cost; it adds nothing
        LayerRoles.Roles roles = roles(layers(6), new double[] {0, 0, 0, 1, 1, 1});
        assertThat(roles.structure()).isEqualTo("two-roles");
        assertSegment(roles.segments().get(0), "shared", 0, 2);
        assertSegment(roles.segments().get(1), "refinement", 3, 5);
        assertThat(roles.fit().secondChangeGain()).isZero();
    }

    @Test
    void boundariesAreReportedInLayerNumbersWhenOnlySomeLayersWereMeasured() {
        List<Integer> every4th = List.of(0, 4, 8, 12, 16, 20, 24, 28);
        LayerRoles.Roles roles = roles(every4th, new double[] {0.9, 0.9, 0.9, 0.5, 0.5, 0.2, 0.2, 0.2});
        assertThat(roles.structure()).isEqualTo("three-roles");
        assertThat(roles.segments().get(0).firstLayer()).isZero();
        assertThat(roles.segments().get(0).lastLayer()).isEqualTo(8);
        assertThat(roles.segments().get(0).layerCount()).isEqualTo(3);
        assertThat(roles.segments().get(1).firstLayer()).isEqualTo(12);
        assertThat(roles.segments().get(1).lastLayer()).isEqualTo(16);
        assertThat(roles.segments().get(2).firstLayer()).isEqualTo(20);
    }

    @Test
    void theSpreadAcrossTasksWeighsInWhereTheMeanIsFlat() {
        // the mean stays put; the spread across tasks widens at layer 10 and again at layer 20
        double[] mean = curve(L, l -> 0.6, 0.002, 5);
        double[] sd = curve(L, l -> l < 10 ? 0.02 : l < 20 ? 0.12 : 0.25, 0.002, 6);
        LayerRoles.Roles roles = roles(layers(L), mean, sd);
        assertThat(roles.structure()).isEqualTo("three-roles");
        assertSegment(roles.segments().get(0), "shared", 0, 9);
        assertSegment(roles.segments().get(1), "transition", 10, 19);
        assertSegment(roles.segments().get(2), "refinement", 20, 31);
        assertThat(roles.segments().get(1).curves()).extracting(LayerRoles.SegmentCurve::curve)
                .containsExactly("mean", "sd");
        // the mean does not move between levels here, and the roles say so
        assertThat(roles.notes()).singleElement().asString().contains("not between");
    }

    @Test
    void aBumpIsNamedButFlagged() {
        double[] mean = curve(12, l -> l >= 4 && l <= 7 ? 0.9 : 0.3, 0.005, 7);
        LayerRoles.Roles roles = roles(layers(12), mean);
        assertThat(roles.structure()).isEqualTo("three-roles");
        assertSegment(roles.segments().get(1), "transition", 4, 7);
        assertThat(roles.notes()).singleElement().asString().contains("bump or dip");
    }
}
