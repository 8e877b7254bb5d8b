package io.mossa.extractor.model.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.ComputeDevice;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.bfloat16.Bfloat16Units;
import io.mossa.web.problem.ApiProblem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The device self-test in the running service: at start-up (before readiness is reported, see
 * application.yml's readiness group) and on demand, on the configured device in float32 and, when a model
 * is configured for it, in float16 on a GPU or bfloat16 on a CPU with bfloat16 units. The latest report is the health indicator
 * {@code deviceSelfTest} (DOWN with the reason when a check failed, which takes readiness down) and the
 * gauges {@code mossa.extractor.selftest.error} (per architecture and dtype) and
 * {@code mossa.extractor.selftest.passed}.
 */
@Component("deviceSelfTest")
public class SelfTestService implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SelfTestService.class);

    private final DeviceSelfTest selfTest;
    private final ExtractorProperties extractor;
    private final SelfTestProperties properties;
    private final MeterRegistry meters;
    private final AtomicReference<SelfTestReport> latest = new AtomicReference<>();
    private final Map<String, Double> errors = new ConcurrentHashMap<>();
    private final ReentrantLock running = new ReentrantLock();

    public SelfTestService(DeviceSelfTest.Loader loader, ExtractorProperties extractor, SelfTestProperties properties,
            MeterRegistry meters) {
        this.selfTest = new DeviceSelfTest(loader);
        this.extractor = extractor;
        this.properties = properties;
        this.meters = meters;
        Gauge.builder("mossa.extractor.selftest.passed", latest, r -> r.get() == null ? Double.NaN
                : r.get().passed() ? 1 : 0).description("1 when the latest device self-test passed").register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void atStartup() {
        if (properties.atStartup()) {
            run();
        }
    }

    /** Runs the self-test now; 409 while another run is in progress. */
    public SelfTestReport run() {
        if (!running.tryLock()) {
            throw ApiProblem.conflict("a device self-test is already running; GET /v1/self-test shows the "
                    + "latest report");
        }
        try {
            List<ComputeOptions> targets;
            try {
                targets = targets();
            } catch (RuntimeException e) {
                SelfTestReport failed = new SelfTestReport(java.time.Instant.now(), false, List.of(
                        new SelfTestReport.Check("all", String.valueOf(extractor.device()), "float32", null, 0,
                                false, "the configured device cannot be used: " + e.getMessage())));
                return publish(failed);
            }
            return publish(selfTest.run(targets));
        } finally {
            running.unlock();
        }
    }

    public SelfTestReport latest() {
        SelfTestReport report = latest.get();
        if (report == null) {
            throw ApiProblem.notFound("no device self-test has run (mossa.extractor.self-test.at-startup is false); "
                    + "POST /v1/self-test runs one");
        }
        return report;
    }

    @Override
    public Health health() {
        SelfTestReport report = latest.get();
        if (report == null) {
            return Health.unknown().withDetail("reason", "not run").build();
        }
        Health.Builder health = report.passed() ? Health.up() : Health.down().withDetail("reason", report.reason());
        return health.withDetail("ranAt", report.ranAt().toString()).withDetail("checks", report.checks()).build();
    }

    /**
     * float32 on the configured device, plus float16 on a GPU and bfloat16 on a CPU with bfloat16 units when
     * any model is configured to compute in it (where the device cannot, the model is refused at registration
     * with the reason, see ModelRegistry).
     */
    private List<ComputeOptions> targets() {
        Device device = ComputeDevice.resolve(extractor.device());
        List<ComputeOptions> targets = new ArrayList<>(List.of(new ComputeOptions(device, DataType.FLOAT32)));
        if (configured(DataType.FLOAT16) && device.isGpu()) {
            targets.add(new ComputeOptions(device, DataType.FLOAT16));
        }
        if (configured(DataType.BFLOAT16) && !device.isGpu() && Bfloat16Units.availability().available()) {
            targets.add(new ComputeOptions(device, DataType.BFLOAT16));
        }
        return targets;
    }

    private boolean configured(DataType dtype) {
        return extractor.computeDtype().values().stream().anyMatch(name -> ComputeOptions.parseDtype(name) == dtype);
    }

    private SelfTestReport publish(SelfTestReport report) {
        latest.set(report);
        for (SelfTestReport.Check check : report.checks()) {
            String key = check.architecture() + "|" + check.dtype();
            if (errors.put(key, check.maxRelativeError() == null ? Double.NaN : check.maxRelativeError()) == null) {
                Gauge.builder("mossa.extractor.selftest.error", errors, e -> e.getOrDefault(key, Double.NaN))
                        .tags(Tags.of("architecture", check.architecture(), "dtype", check.dtype()))
                        .description("largest relative error of the device self-test against CPU float32")
                        .register(meters);
            }
        }
        if (report.passed()) {
            log.info("device self-test passed checks={}", report.checks());
        } else {
            log.error("device self-test FAILED: {} checks={}", report.reason(), report.checks());
        }
        return report;
    }
}
