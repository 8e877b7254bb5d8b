package io.mossa.cka.runner;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mossa.cka.cache.CachedActivationSource;
import io.mossa.cka.experiment.SimilarityMatrix;
import io.mossa.cka.extractor.Activations;
import io.mossa.cka.extractor.ExtractorException;
import io.mossa.cka.runner.UnitStore.UnitWork;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.MeasureSpec;

/**
 * Runs one claimed work unit (one task): fetches the control model's activations (from the activation cache
 * where present, with the experiment's prompt format), then for the experimental model (and the baseline, if
 * any) fetches activations once and computes every measure of the experiment (CKA with its kernel and estimator,
 * and the others; p-values and intervals when asked) against the control per layer pair from them, and stores
 * everything with the unit's completion in one transaction: a unit is all done or not at all, so a failure loses
 * no finished unit, and a re-run computes only the units not done.
 *
 * <p>Memory: activations stream from the extractor chunk by chunk into one file per layer (the activation cache's
 * entries, or scratch files), which the comparison reads memory-mapped; the engine widens the layers it compares to
 * float64 as it goes. So the heap a unit needs does not grow with n x layers: the files and the page cache hold them.
 */
@Component
public class UnitExecutor {

    private static final Logger log = LoggerFactory.getLogger(UnitExecutor.class);

    private final UnitStore store;
    private final CachedActivationSource source;
    private final SimilarityService similarity;
    private final RunnerProperties properties;
    private final MeterRegistry meters;

    public UnitExecutor(UnitStore store, CachedActivationSource activations, SimilarityService similarity,
            RunnerProperties properties, MeterRegistry meters) {
        this.store = store;
        this.source = activations;
        this.similarity = similarity;
        this.properties = properties;
        this.meters = meters;
        // registered at start, so that dashboards read 0 (not "no data") until the first deferral
        meters.counter("mossa.cka.units.deferred");
    }

    /** Runs the unit to DONE or FAILED; returns quietly if the lease was lost. */
    void run(ClaimedUnit unit) throws InterruptedException {
        UnitWork work = store.load(unit);
        List<Integer> layers = work.layers().indices();
        LayerPairing pairing = work.layers().pairing();
        int n = work.prompts().size();
        log.info("task '{}' (unit {}, attempt {}): {} prompts, control model '{}'", work.task(), unit.id(),
                unit.attempts(), n, work.controlModel());
        try {
            LayerStack controlLayers = stack(fetch(work, work.controlModel(), layers));
            List<SimilarityMatrix> matrices = new ArrayList<>(compare(unit, work, SimilarityMatrix.EXPERIMENTAL,
                    work.experimentalModel(), layers, pairing, controlLayers));
            if (unit.lost()) {
                return;
            }
            if (work.baselineModel() != null) {
                matrices.addAll(compare(unit, work, SimilarityMatrix.BASELINE, work.baselineModel(), layers, pairing,
                        controlLayers));
            }
            if (unit.lost()) {
                return;
            }
            if (store.complete(unit, matrices)) {
                meters.counter("mossa.cka.units.completed", "outcome", "done").increment();
                log.info("task '{}' done: {}", work.task(), summary(matrices));
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("worker stopping");
            }
            handle(unit, work, e);
        }
    }

    private void handle(ClaimedUnit unit, UnitWork work, RuntimeException e) {
        if (databaseUnavailable(e)) {
            // the database, not the task, failed (a restart, a network cut): nothing of the unit was stored, so
            // it goes back to the queue, or is reclaimed when its lease expires if the database is still away
            log.warn("work unit {} of task '{}' given back: database unavailable ({})", unit.id(), work.task(),
                    e.getMessage());
            try {
                store.release(unit);
            } catch (RuntimeException stillDown) {
                log.warn("could not give back work unit {}; it is reclaimed when its lease expires", unit.id());
            }
            return;
        }
        if (e instanceof UnitFailure) {
            failed(unit, work, e.getMessage());
        } else if (e instanceof ExtractorException unavailable && unavailable.transientFailure()) {
            String reason = "task '" + work.task() + "': " + e.getMessage();
            if (store.defer(unit, reason, properties.deferDelay(), properties.outageTimeout())) {
                meters.counter("mossa.cka.units.deferred").increment();
                log.warn("work unit {} waits {} for the extractor: {}", unit.id(), properties.deferDelay(), reason);
            } else {
                failed(unit, work, reason + " (the extractor stayed unavailable for longer than "
                        + properties.outageTimeout() + ", mossa.cka.outage-timeout)");
            }
        } else if (e instanceof ExtractorException) {
            failed(unit, work, "task '" + work.task() + "': " + e.getMessage());
        } else {
            log.error("task '{}' failed unexpectedly", work.task(), e);
            failed(unit, work, "task '" + work.task() + "': internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /**
     * Failures of the connection to PostgreSQL, as opposed to errors in what was written (those fail the unit).
     * Judged by the cause chain, because the same lost connection reaches here wrapped differently depending on
     * where it broke: a transaction that cannot begin, a statement, or a rollback (Hibernate's JpaSystemException).
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            // a transaction that could not be begun, committed or rolled back failed on its connection, whatever
            // the driver or pool says: HikariCP's closed-connection proxy, for one, gives no SQLSTATE at all
            if (t instanceof org.hibernate.TransactionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P: the server is shutting down or restarting
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private void failed(ClaimedUnit unit, UnitWork work, String reason) {
        log.warn("work unit {} failed: {}", unit.id(), reason);
        if (store.fail(unit, reason)) {
            meters.counter("mossa.cka.units.completed", "outcome", "failed").increment();
        }
    }

    /**
     * Every measure of the experiment between {@code model}'s layers and the control's, from one fetch; stops
     * early when the unit's lease was lost meanwhile (the caller then discards what was computed).
     */
    private List<SimilarityMatrix> compare(ClaimedUnit unit, UnitWork work, String comparison, String model,
            List<Integer> layers, LayerPairing pairing, LayerStack controlLayers) throws InterruptedException {
        Activations activations = fetch(work, model, layers);
        LayerStack modelLayers = stack(activations);
        List<SimilarityMatrix> matrices = new ArrayList<>(work.measures().size());
        for (MeasureSpec measure : work.measures()) {
            if (unit.lost()) {
                break;
            }
            matrices.add(compare(work, comparison, model, layers, pairing, measure.withDefaults(), activations.n(),
                    modelLayers, controlLayers));
        }
        return matrices;
    }

    private SimilarityMatrix compare(UnitWork work, String comparison, String model, List<Integer> layers,
            LayerPairing pairing, MeasureSpec measure, int n, LayerStack modelLayers, LayerStack controlLayers)
            throws InterruptedException {
        Timer.Sample sample = Timer.start(meters);
        SimilarityResult result;
        try {
            result = similarity.compareWhenFree(modelLayers, controlLayers, measure, work.statistics(), pairing,
                    "experiment");
        } catch (SimilarityException e) {
            // checked when the experiment was submitted as far as the sizes allowed; what depends on the models'
            // widths (the memory budget of the SVD measures) can only fail here, and fails the task
            throw new UnitFailure("task '" + work.task() + "': " + measure.measure().wire() + ": " + e.field()
                    + ": " + e.getMessage(), e);
        } finally {
            sample.stop(meters.timer("mossa.cka.compute", "comparison", comparison));
        }
        for (double[] numbers : new double[][] {result.values(), result.pValues(), result.lower(), result.upper()}) {
            // the engine refuses non-finite results; this keeps any that slip past it out of the database
            if (numbers != null && !java.util.Arrays.stream(numbers).allMatch(Double::isFinite)) {
                throw new UnitFailure("task '" + work.task() + "': the " + comparison + " comparison's "
                        + measure.measure().wire() + " produced a non-finite number, which is never stored", null);
            }
        }
        int[] layerArray = layers.stream().mapToInt(Integer::intValue).toArray();
        return new SimilarityMatrix(UUID.randomUUID(), work.experimentId(), work.taskId(), work.task(), work.cluster(),
                comparison, model, work.controlModel(), layerArray, layerArray, pairing.wire(), n, measure.measure(),
                measure.cka().kernel(), measure.cka().estimator(), result.values(), result.pValues(), result.lower(),
                result.upper(), UnitStore.now());
    }

    private Activations fetch(UnitWork work, String model, List<Integer> layers) throws InterruptedException {
        long start = System.nanoTime();
        Activations fetched = source.fetch(model, work.prompts(), layers, work.layers().pooling().wire(), work.format());
        log.info("task '{}': activations of '{}' ready ({} x {} per layer, {} layers) in {} ms", work.task(), model,
                fetched.n(), fetched.dim(), layers.size(), (System.nanoTime() - start) / 1_000_000);
        return fetched;
    }

    private static LayerStack stack(Activations activations) {
        return LayerStack.of("model '" + activations.model() + "'", activations.layers(), activations.n(),
                activations.dim());
    }

    private static String summary(List<SimilarityMatrix> matrices) {
        StringBuilder sb = new StringBuilder();
        for (SimilarityMatrix m : matrices) {
            double[] v = m.getValues();
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            sb.append(sb.isEmpty() ? "" : ", ").append(m.getComparison()).append(" mean ")
                    .append(m.getMeasure().wire()).append(' ')
                    .append(String.format("%.4f", mean)).append(" over ").append(v.length).append(" pair(s)");
        }
        return sb.toString();
    }
}
