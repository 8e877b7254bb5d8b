package io.mossa.cka.similarity.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mossa.cka.similarity.LayerStack;
import io.mossa.cka.similarity.SimilarityEngine;
import io.mossa.cka.similarity.SimilarityOptions;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.measure.MeasureEngine;
import io.mossa.cka.similarity.measure.MeasureOptions;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.MeasureSpec;
import io.mossa.contract.measure.MeasureType;
import io.mossa.contract.measure.Statistics;

/**
 * The one entry to similarity computations in this service, for experiment units and API calls alike: it bounds
 * how many run at once (each may hold gigabytes of n x n matrices) and times them.
 */
@Service
public class SimilarityService {

    private static final Logger log = LoggerFactory.getLogger(SimilarityService.class);

    private final SimilarityEngine engine;
    private final MeasureEngine measures;
    private final Semaphore slots;
    private final SimilarityProperties properties;
    private final MeterRegistry meters;

    public SimilarityService(SimilarityProperties properties, MeterRegistry meters) {
        Device device = device(properties.device());
        log.info("similarity computations on {} (memory budget {}, {} at once)", device, properties.memoryBudget(),
                properties.maxConcurrent());
        this.engine = new SimilarityEngine(device, properties.memoryBudget().toBytes(),
                properties.maxStatisticsWork());
        this.measures = new MeasureEngine(device, properties.memoryBudget().toBytes(),
                properties.maxStatisticsWork());
        this.slots = new Semaphore(properties.maxConcurrent(), true);
        this.properties = properties;
        this.meters = meters;
        meters.gauge("mossa.cka.similarity.waiting", slots, Semaphore::getQueueLength);
    }

    /**
     * For callers that answer a client: waits at most the queue timeout for a slot.
     *
     * @throws BusyException when no slot frees up in time
     */
    public SimilarityResult compare(LayerStack x, LayerStack y, SimilarityOptions options, String source)
            throws InterruptedException {
        acquireOrBusy();
        return run(() -> engine.compare(x, y, options), source, "cka", options.kernel().name(),
                options.estimator().value());
    }

    /** {@link #compare} for the measures other than CKA. */
    public SimilarityResult compare(LayerStack x, LayerStack y, MeasureOptions options, String source)
            throws InterruptedException {
        acquireOrBusy();
        return run(() -> measures.compare(x, y, options), source, options.type().wire(), "none", "none");
    }

    /** For experiment units, which have nobody waiting on a socket: waits for a slot as long as it takes. */
    public SimilarityResult compareWhenFree(LayerStack x, LayerStack y, SimilarityOptions options, String source)
            throws InterruptedException {
        slots.acquire();
        return run(() -> engine.compare(x, y, options), source, "cka", options.kernel().name(),
                options.estimator().value());
    }

    /** {@link #compareWhenFree} for the measures other than CKA. */
    public SimilarityResult compareWhenFree(LayerStack x, LayerStack y, MeasureOptions options, String source)
            throws InterruptedException {
        slots.acquire();
        return run(() -> measures.compare(x, y, options), source, options.type().wire(), "none", "none");
    }

    /** One of an experiment's measures, cka or another, with its statistics: {@link #compareWhenFree}. */
    public SimilarityResult compareWhenFree(LayerStack x, LayerStack y, MeasureSpec measure, Statistics statistics,
            LayerPairing pairing, String source) throws InterruptedException {
        return measure.measure() == MeasureType.CKA
                ? compareWhenFree(x, y, SimilarityOptions.of(measure.cka(), statistics, pairing, 0), source)
                : compareWhenFree(x, y, MeasureOptions.of(measure, statistics, pairing), source);
    }

    /**
     * Refuses, before any data exists, what {@link #compare} would refuse for these sizes (see
     * {@link SimilarityEngine#check}); experiments call it when they are submitted.
     */
    public void check(int n, int layersX, int layersY, SimilarityOptions options) {
        engine.check(n, layersX, layersY, options);
    }

    /** {@link #check} for the measures other than CKA, which also depend on the widths p and q. */
    public void check(int n, int p, int q, int layersX, int layersY, MeasureOptions options) {
        measures.check(n, p, q, layersX, layersY, options);
    }

    private void acquireOrBusy() throws InterruptedException {
        if (!slots.tryAcquire(properties.queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BusyException(properties.queueTimeout().toSeconds());
        }
    }

    private SimilarityResult run(Supplier<SimilarityResult> computation, String source, String measure,
            String kernel, String estimator) {
        Timer.Sample sample = Timer.start(meters);
        String method = "invalid";
        try {
            SimilarityResult result = computation.get();
            method = result.method();
            return result;
        } finally {
            slots.release();
            sample.stop(meters.timer("mossa.cka.similarity.compute", "source", source, "measure", measure, "kernel",
                    kernel, "estimator", estimator, "method", method));
        }
    }

    private static Device device(String setting) {
        if ("auto".equals(setting)) {
            return Engine.getEngine("PyTorch").defaultDevice();
        }
        return Device.fromName(setting);
    }

    /** Every computation slot stayed taken for the whole queue timeout. */
    public static final class BusyException extends RuntimeException {

        private final long retryAfterSeconds;

        BusyException(long retryAfterSeconds) {
            super("all similarity computation slots are busy");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
