package io.mossa.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.experiment.LayerSelection;
import io.mossa.contract.experiment.Models;
import io.mossa.contract.experiment.Pooling;
import io.mossa.gateway.experiment.ExperimentResults;

class ResultsTableTest {

    @Test
    void oneRowPerLayerOneColumnPerTaskAndTheMean() {
        UUID id = UUID.randomUUID();
        ExperimentView view = ExperimentView.of(id, "demo", ExperimentStatus.SUCCEEDED, new Models("e", null),
                new LayerSelection(List.of(0, 1), LayerPairing.SAME, Pooling.MEAN), List.of())
                .withStatus(ExperimentStatus.SUCCEEDED, new ExperimentView.Progress(2, 2));
        ExperimentResults results = new ExperimentResults(id, "SUCCEEDED", List.of(
                result("t-one", List.of(value(0, 0.5), value(1, 0.25))),
                result("t-two", List.of(value(0, 1.0), value(1, 0.75)))));

        String[] lines = ResultsTable.render(view, results).split("\n");

        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("layer", "t1", "t2", "mean"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("0", "0.5000", "1.0000", "0.7500"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("1", "0.2500", "0.7500", "0.5000"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("t2 = t-two (cluster c, control c-model, n=4)"));
    }

    private static ExperimentResults.Result result(String task, List<ExperimentResults.LayerValue> values) {
        return new ExperimentResults.Result(task, "c", "experimental", "e", "c-model", 4, "linear", "biased", "same",
                values);
    }

    private static ExperimentResults.LayerValue value(int layer, double cka) {
        return new ExperimentResults.LayerValue(layer, layer, cka);
    }
}
