package io.mossa.extractor.activation;

import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.LoadedModels;
import io.mossa.extractor.model.ModelRegistry;
import io.mossa.web.problem.ApiProblem;

import org.springframework.stereotype.Service;

/**
 * Runs the forward passes of a prepared request inside the concurrency guard and keeps only the
 * requested layers, pooled, so memory stays proportional to the answer rather than to L+1 full states.
 * Inputs are grouped into batches (see {@link BatchPlan}) up to what the encoder accepts.
 */
@Service
public class ActivationService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ActivationService.class);

    private final ModelRegistry registry;
    private final ExtractorProperties properties;
    private final ConcurrencyGuard guard;
    private final MeterRegistry meters;

    public ActivationService(ModelRegistry registry, ExtractorProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.properties = properties;
        this.meters = meters;
        this.guard = new ConcurrencyGuard(properties.maxConcurrentRequests(), properties.maxQueuedRequests(),
                properties.queueTimeout(), properties.retryAfterSeconds());
        Gauge.builder("mossa.extractor.queue.depth", guard, ConcurrencyGuard::waiting)
                .description("requests waiting for a forward-pass slot").register(meters);
    }

    ActivationResult compute(PreparedRequest request) {
        try {
            return guard.run(() -> forward(request));
        } catch (ApiProblem | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("forward pass failed for model " + request.model().id(), e);
        }
    }

    private ActivationResult forward(PreparedRequest request) {
        long started = System.nanoTime();
        String id = request.model().id();
        int dim = request.model().info().hiddenSize();
        int[] layers = request.layers();
        List<long[]> inputs = request.tokens();
        float[][][] values = new float[layers.length][inputs.size()][];
        Timer timer = Timer.builder("mossa.extractor.forward").tag("model", id)
                .description("one forward pass (one batch of inputs)").register(meters);
        Counter tokens = Counter.builder("mossa.extractor.tokens").tag("model", id)
                .description("tokens run through the model").register(meters);
        try (LoadedModels.Lease lease = registry.lease(request.model())) {
            Encoder encoder = lease.encoder();
            int maxBatch = Math.min(encoder.maxBatchSize(), properties.maxBatchSize());
            for (int[] pass : BatchPlan.plan(inputs, maxBatch, properties.maxBatchTokens())) {
                List<long[]> batch = Arrays.stream(pass).mapToObj(inputs::get).toList();
                timer.record(() -> encoder.forward(batch, layers, (input, slot, states) -> {
                    int original = pass[input];
                    values[slot][original] = request.pooling().apply(states, inputs.get(original).length, dim);
                }));
                tokens.increment(batch.stream().mapToInt(t -> t.length).sum());
            }
        }
        // one line per request: with the caller's trace id, it ties a cka-service work unit to its forward passes
        log.info("activations model={} inputs={} tokens={} layers={} pooling={} ms={}", id, inputs.size(),
                inputs.stream().mapToInt(t -> t.length).sum(), layers.length, request.pooling(),
                (System.nanoTime() - started) / 1_000_000);
        return new ActivationResult(id, layers, request.pooling(), request.tokenCounts(), dim, values);
    }
}
