package io.mossa.extractor.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.mossa.web.problem.ApiProblem;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ConcurrencyGuardTest {

    @Test
    void refusesWithRetryAfterWhenRunningAndQueueAreFull() throws Exception {
        ConcurrencyGuard guard = new ConcurrencyGuard(1, 0, Duration.ofSeconds(30), 3);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> {
            try {
                return guard.run(() -> {
                    started.countDown();
                    release.await();
                    return "done";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> guard.run(() -> "second"));
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
        assertThat(refused.getBody().getDetail()).contains("max-queued-requests");
        release.countDown();
        assertThat(holder.get()).isEqualTo("done");
        assertThat(guard.run(() -> "free again")).isEqualTo("free again");
    }

    @Test
    void queuedRequestGivesUpAfterTheQueueTimeoutAndLeavesTheQueue() throws Exception {
        ConcurrencyGuard guard = new ConcurrencyGuard(1, 1, Duration.ofMillis(20), 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try {
                guard.run(() -> {
                    started.countDown();
                    release.await();
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> guard.run(() -> "queued"));
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(guard.waiting()).isZero();
        release.countDown();
        holder.get();
    }
}
