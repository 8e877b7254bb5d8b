package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Reads and submissions from many clients at once while experiments run.
 */
class LoadIT extends PlatformScenario {

    @Test
    void concurrentReadsAndSubmissionsWhileExperimentsRunGetNoErrors() throws Exception {
        io.mossa.gateway.load.LoadTest load = new io.mossa.gateway.load.LoadTest(URI.create(gateway().url()),
                ADMIN_KEY);
        String submission = JSON.createObjectNode().put("name", "load").put("experimentalModel", E)
                .put("controlModel", C).put("taskSet", "demo").put("examplesPerTask", 4).put("pooling", "last")
                .set("layers", JSON.createArrayNode().add(6)).toString();
        String finished = load.submitAndWait(submission);
        io.mossa.gateway.load.LoadTest.Report report = load.run(finished, submission, Duration.ofSeconds(8), 16,
                5000);
        System.out.println("LoadIT load step:\n" + report);
        assertThat(report.errors()).as(report.toString()).isEmpty();
        assertThat(report.byOperation()).containsKeys("submit", "status", "results", "csv", "layers");
        assertThat(report.requests()).isGreaterThan(50);
        awaitIdleQueue(); // the load's submissions run to the end here, not in the next scenario's time
    }
}
