package io.mossa.cka.experiment;

import java.util.List;
import java.util.UUID;

import io.mossa.contract.experiment.ExperimentStatus;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.MeasureType;

/**
 * The response bodies of the internal experiments API beyond the contract's: pages of experiments and results.
 * An experiment is submitted as an {@link io.mossa.contract.experiment.ExperimentPlan} and shown as an
 * {@link ExperimentView}, the records the gateway shares.
 */
public final class ExperimentApi {

    private ExperimentApi() {
    }

    /** @param nextCursor the cursor of the next page, null on the last */
    public record ExperimentList(List<ExperimentView> experiments, String nextCursor) {
    }

    /**
     * @param cka    the value of the result's measure (the name predates the other measures)
     * @param pValue permutation-test p-value, null when not computed
     * @param ciLow  lower interval bound, null when not computed
     * @param ciHigh upper interval bound, null when not computed
     */
    public record LayerValue(int layerX, int layerY, double cka, Double pValue, Double ciLow, Double ciHigh) {
    }

    /**
     * @param kernel    cka only (null for another measure)
     * @param estimator cka only (null for another measure)
     */
    public record Result(String task, String cluster, boolean heldOut, String split, String comparison, String modelX,
            String modelY, int n, MeasureType measure, KernelType kernel, EstimatorType estimator,
            LayerPairing layerPairs, List<LayerValue> values) {
    }

    public record ResultsView(UUID experimentId, ExperimentStatus status, List<Result> results) {
    }
}
