package io.mossa.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mossa.contract.experiment.Access;
import io.mossa.contract.experiment.ExperimentPlan;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.experiment.PlannedTask;
import io.mossa.contract.experiment.Pooling;
import io.mossa.contract.experiment.Visibility;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.MeasureSpec;
import io.mossa.contract.measure.MeasureType;
import io.mossa.contract.measure.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contract on the wire: flat JSON as before the records were nested, enums by their wire names. */
class WireFormatTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aPlanIsFlatJsonWithWireNames() {
        ExperimentPlan plan = ExperimentPlan.of("x", new Models("e", "b"),
                        new LayerSelection(List.of(0, 2), LayerPairing.ALL, Pooling.MEAN),
                        List.of(new PlannedTask("t", "c", "ctl", List.of("p1", "p2"), true, "test")))
                .withMeasure(CkaMeasure.polynomial(2, 0.5), Statistics.permutations(10, 3))
                .withAccess(new Access("key-1", Visibility.PRIVATE));
        JsonNode json = JSON.valueToTree(plan);
        // the field names and values the gateway sent and cka-service read before the contract was typed
        assertThat(json.get("experimentalModel").asString()).isEqualTo("e");
        assertThat(json.get("baselineModel").asString()).isEqualTo("b");
        assertThat(json.get("layers").toString()).isEqualTo("[0,2]");
        assertThat(json.get("layerPairs").asString()).isEqualTo("all");
        assertThat(json.get("pooling").asString()).isEqualTo("mean");
        assertThat(json.get("kernel").asString()).isEqualTo("polynomial");
        assertThat(json.get("degree").asInt()).isEqualTo(2);
        assertThat(json.get("coef0").asDouble()).isEqualTo(0.5);
        assertThat(json.get("permutations").asInt()).isEqualTo(10);
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("owner").asString()).isEqualTo("key-1");
        assertThat(json.get("visibility").asString()).isEqualTo("private");
        assertThat(json.get("tasks").get(0).get("heldOut").asBoolean()).isTrue();
        assertThat(json.has("models")).as("no nested object on the wire").isFalse();
        assertThat(json.has("measure")).isFalse();

        ExperimentPlan read = JSON.treeToValue(json, ExperimentPlan.class);
        assertThat(List.of(read.models(), read.layers(), read.tasks(), read.measure(), read.statistics(),
                read.access())).as("read back").isEqualTo(List.of(plan.models(), plan.layers(), plan.tasks(),
                plan.measure(), plan.statistics(), plan.access()));
    }

    @Test
    void aListOfMeasuresTravelsAsMeasuresAndAPlanWithoutOneHasNone() {
        ExperimentPlan flat = ExperimentPlan.of("x", new Models("e", null), new LayerSelection(List.of(1), null, null),
                List.of(new PlannedTask("t", "c", "ctl", List.of("p1", "p2"), false, null)));
        assertThat(JSON.valueToTree(flat).has("measures")).as("today's wire JSON, unchanged").isFalse();
        assertThat(flat.measureList()).containsExactly(MeasureSpec.of(CkaMeasure.defaults()));

        ExperimentPlan listed = flat.withMeasures(List.of(MeasureSpec.of(MeasureType.PROCRUSTES),
                MeasureSpec.neighbours(MeasureType.KNN_JACCARD, 5), MeasureSpec.of(CkaMeasure.rbf(0.5))),
                Statistics.none());
        JsonNode json = JSON.valueToTree(listed);
        assertThat(json.get("measures").toString()).isEqualTo("[{\"measure\":\"procrustes\"},"
                + "{\"measure\":\"knn-jaccard\",\"k\":5},{\"measure\":\"cka\",\"kernel\":\"rbf\",\"rbfThreshold\":0.5}]");
        ExperimentPlan read = JSON.treeToValue(json, ExperimentPlan.class);
        assertThat(read.measures()).isEqualTo(listed.measures());
        assertThat(read.withDefaults().measures().get(2))
                .isEqualTo(MeasureSpec.of(new CkaMeasure(KernelType.RBF, EstimatorType.BIASED, 0.5, null, null)));
        assertThat(read.withDefaults().measures().get(1).k()).isEqualTo(5);
    }

    @Test
    void absentOptionsReadAsAbsentAndDefaultsAreTheContracts() {
        ExperimentPlan plan = JSON.readValue("""
                {"name": "x", "experimentalModel": "e", "layers": [1],
                 "tasks": [{"name": "t", "cluster": "c", "controlModel": "ctl", "prompts": ["a", "b"]}]}""",
                ExperimentPlan.class);
        assertThat(plan.measure()).isEqualTo(CkaMeasure.defaults());
        assertThat(plan.statistics()).isEqualTo(Statistics.none());
        ExperimentPlan resolved = plan.withDefaults();
        assertThat(resolved.measure()).isEqualTo(new CkaMeasure(KernelType.LINEAR, EstimatorType.BIASED, null, null,
                null));
        assertThat(resolved.statistics()).isEqualTo(new Statistics(0, 0, 0.95, 0L));
        assertThat(resolved.layers().pairing()).isEqualTo(LayerPairing.SAME);
        assertThat(resolved.layers().pooling()).isEqualTo(Pooling.LAST);
        assertThat(resolved.access().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(resolved.tasks().get(0).heldOut()).isFalse();
        Violations violations = new Violations();
        plan.check(violations);
        assertThat(violations.list()).isEmpty();
    }

    @Test
    void aNameOutsideTheVocabularyIsRefusedAndNoOrdinalIsEverRead() {
        assertThatThrownBy(() -> JSON.readValue("{\"kernel\": \"cosine\"}", CkaMeasure.class))
                .hasMessageContaining("cosine");
        assertThat(WireName.notOneOf(KernelType.class, "cosine"))
                .isEqualTo("must be one of [linear, rbf, polynomial], was 'cosine'");
        assertThat(WireName.find(Pooling.class, "LAST")).as("the wire name, not the constant's").isEmpty();
        assertThat(WireName.find(Pooling.class, "last")).contains(Pooling.LAST);
    }

    @Test
    void everyBrokenRuleOfAPlanIsReportedByItsField() {
        ExperimentPlan plan = ExperimentPlan.of(" ", new Models("e", " "), LayerSelection.of(List.of(0, 0, -1)),
                        List.of(new PlannedTask("t", "c", "ctl", List.of("a", "b", "c"), false, ""),
                                new PlannedTask("t", "c", "ctl", List.of("a", "b", "c"), false, null)))
                .withMeasure(CkaMeasure.of(KernelType.LINEAR, EstimatorType.DEBIASED), new Statistics(null, 10, null,
                        null));
        Violations violations = new Violations();
        plan.check(violations);
        assertThat(violations.list()).containsExactlyInAnyOrder(
                new ContractViolation.FieldError("name", "must not be blank"),
                new ContractViolation.FieldError("baselineModel", "must be null or not blank"),
                new ContractViolation.FieldError("layers[1]", "duplicate layer 0"),
                new ContractViolation.FieldError("layers[2]", "must be a layer index >= 0, was -1"),
                new ContractViolation.FieldError("tasks[0].split", "must be null or not blank"),
                new ContractViolation.FieldError("tasks[0].prompts", "must hold at least 8 examples (bootstrap "
                        + "intervals subsample n/2 examples, and the debiased estimator needs 4), has 3"),
                new ContractViolation.FieldError("tasks[1].name", "duplicate task name 't'"),
                new ContractViolation.FieldError("tasks[1].prompts", "must hold at least 8 examples (bootstrap "
                        + "intervals subsample n/2 examples, and the debiased estimator needs 4), has 3"));
    }
}
