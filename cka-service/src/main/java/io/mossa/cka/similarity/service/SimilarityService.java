package io.mossa.cka.similarity.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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

/**
 * The one entry to similarity computations in this service, for experiment units and API calls alike: it bounds
 * how many run at once (each may hold gigabytes of n x n matrices) and times them.
 */
@Service
public class SimilarityService {

    private static final Logger log = LoggerFactory.getLogger(SimilarityService.class);

    private final SimilarityEngine engine;
    private final Semaphore slots;
    private final SimilarityProperties properties;
    private final MeterRegistry meters;

    public SimilarityService(SimilarityProperties properties, MeterRegistry meters) {
        Device device = device(properties.device());
        log.info("similarity computations on {} (memory budget {}, {} at once)", device, properties.memoryBudget(),
                properties.maxConcurrent());
        this.engine = new SimilarityEngine(device, properties.memoryBudget().toBytes(),
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
        if (!slots.tryAcquire(properties.queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BusyException(properties.queueTimeout().toSeconds());
        }
        return run(x, y, options, source);
    }

    /** For experiment units, which have nobody waiting on a socket: waits for a slot as long as it takes. */
    public SimilarityResult compareWhenFree(LayerStack x, LayerStack y, SimilarityOptions options, String source)
            throws InterruptedException {
        slots.acquire();
        return run(x, y, options, source);
    }

    /**
     * Refuses, before any data exists, what {@link #compare} would refuse for these sizes (see
     * {@link SimilarityEngine#check}); experiments call it when they are submitted.
     */
    public void check(int n, int layersX, int layersY, SimilarityOptions options) {
        engine.check(n, layersX, layersY, options);
    }

    private SimilarityResult run(LayerStack x, LayerStack y, SimilarityOptions options, String source) {
        Timer.Sample sample = Timer.start(meters);
        String method = "invalid";
        try {
            SimilarityResult result = engine.compare(x, y, options);
            method = result.method();
            return result;
        } finally {
            slots.release();
            sample.stop(meters.timer("mossa.cka.similarity.compute", "source", source, "kernel",
                    options.kernel().name(), "estimator", options.estimator().value(), "method", method));
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
