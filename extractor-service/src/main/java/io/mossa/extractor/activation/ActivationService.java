package io.mossa.extractor.activation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.ModelRegistry;
import io.mossa.web.problem.ApiProblem;

import org.springframework.stereotype.Service;

/**
 * Runs the forward passes of a prepared request inside the concurrency guard and keeps only the
 * requested layers, pooled, so memory stays proportional to the answer rather than to L+1 full states.
 */
@Service
public class ActivationService {

    private final ModelRegistry registry;
    private final ConcurrencyGuard guard;
    private final MeterRegistry meters;

    public ActivationService(ModelRegistry registry, ExtractorProperties properties, MeterRegistry meters) {
        this.registry = registry;
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
        String id = request.model().id();
        Encoder encoder = registry.encoder(request.model());
        int dim = request.model().info().hiddenSize();
        int[] layers = request.layers();
        float[][][] values = new float[layers.length][request.tokens().size()][];
        Timer timer = Timer.builder("mossa.extractor.forward").tag("model", id)
                .description("one forward pass (one input)").register(meters);
        Counter tokens = Counter.builder("mossa.extractor.tokens").tag("model", id)
                .description("tokens run through the model").register(meters);
        for (int i = 0; i < request.tokens().size(); i++) {
            long[] ids = request.tokens().get(i);
            float[][] states = timer.record(() -> encoder.hiddenStates(ids));
            tokens.increment(ids.length);
            for (int l = 0; l < layers.length; l++) {
                values[l][i] = request.pooling().apply(states[layers[l]], ids.length, dim);
            }
        }
        return new ActivationResult(id, layers, request.pooling(), request.tokenCounts(), dim, values);
    }
}
