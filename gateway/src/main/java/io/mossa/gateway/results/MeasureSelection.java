package io.mossa.gateway.results;

import java.util.List;

import io.mossa.contract.WireName;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.measure.MeasureKind;
import io.mossa.contract.measure.MeasureSpec;
import io.mossa.contract.measure.MeasureType;
import io.mossa.gateway.experiment.ExperimentResults;
import io.mossa.web.problem.ApiProblem;

/**
 * The one measure a view, matrix export or plot shows: the {@code measure} query parameter, by default the
 * experiment's first measure. A name outside the vocabulary, or a measure the experiment did not compute, is a
 * 400 naming the parameter.
 */
record MeasureSelection(MeasureType measure) {

    static MeasureSelection of(ExperimentView experiment, String measure) {
        List<MeasureType> computed = experiment.measures() == null || experiment.measures().isEmpty()
                ? List.of(MeasureType.CKA) : experiment.measures().stream().map(MeasureSpec::measure).toList();
        if (measure == null) {
            return new MeasureSelection(computed.get(0));
        }
        MeasureType asked = WireName.find(MeasureType.class, measure).orElseThrow(() -> ApiProblem.badRequest(
                "measure: " + WireName.notOneOf(MeasureType.class, measure)).with("field", "measure"));
        if (!computed.contains(asked)) {
            throw ApiProblem.badRequest("measure: experiment " + experiment.id() + " did not compute '"
                    + asked.wire() + "'; it computed " + computed.stream().map(MeasureType::wire).toList())
                    .with("field", "measure");
        }
        return new MeasureSelection(asked);
    }

    /** The results of this measure alone. */
    ExperimentResults of(ExperimentResults results) {
        return results.of(measure);
    }

    boolean isDistance() {
        return measure.kind() == MeasureKind.DISTANCE;
    }

    /** The measure as plots name it: "CKA", or "procrustes distance". */
    String label() {
        return measure == MeasureType.CKA ? "CKA" : measure.wire() + (isDistance() ? " distance" : "");
    }

    /** The part of an ETag's representation that tells the measures apart. */
    String representation() {
        return "measure=" + measure.wire();
    }
}
