package io.mossa.extractor.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class SequencePoolTest {

    @Test
    void runsEveryIndexOnceAndNeverMoreThanItsThreadsAtOnce() {
        try (SequencePool pool = new SequencePool(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(40);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            pool.runAll(40, i -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(2);
                running.decrementAndGet();
                runs.incrementAndGet(i);
            });
            for (int i = 0; i < 40; i++) {
                assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
            }
            assertThat(most.get()).isBetween(1, 2);
        }
    }

    /** Two callers share the pool's threads: together they still never run more than its threads. */
    @Test
    void concurrentCallersShareTheThreads() throws Exception {
        try (SequencePool pool = new SequencePool(2)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(2);
            for (int caller = 0; caller < 2; caller++) {
                new Thread(() -> {
                    pool.runAll(20, i -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sleep(2);
                        running.decrementAndGet();
                    });
                    done.countDown();
                }).start();
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(most.get()).isBetween(1, 2);
        }
    }

    /** A failed sequence is reported only once the others stopped writing into the caller's arrays. */
    @Test
    void rethrowsTheFailureAfterEverySequenceFinished() {
        try (SequencePool pool = new SequencePool(2)) {
            AtomicInteger finished = new AtomicInteger();
            assertThatThrownBy(() -> pool.runAll(10, i -> {
                if (i == 0) {
                    throw new IllegalStateException("sequence 0 failed");
                }
                sleep(5);
                finished.incrementAndGet();
            })).isInstanceOf(IllegalStateException.class).hasMessage("sequence 0 failed");
            assertThat(finished.get()).isEqualTo(9);
        }
    }

    @Test
    void zeroMeansOnePerCoreAndNegativeIsRefusedByName() {
        try (SequencePool pool = new SequencePool(0)) {
            assertThat(pool.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
        assertThatThrownBy(() -> new SequencePool(-1)).hasMessageContaining("mossa.extractor.sequence-threads");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
