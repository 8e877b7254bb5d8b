package io.mossa.extractor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfEncoder;
import io.mossa.extractor.testmodels.TinyModel;
import io.mossa.web.problem.ApiProblem;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/** The memory budget, LRU unloading and sharing, with real tiny checkpoints loaded on PyTorch. */
class LoadedModelsTest {

    private static final long SIZE = 1000;

    @TempDir
    static Path tmp;
    static HfCheckpoint checkpoint;

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        checkpoint = HfCheckpoint.inspect(TinyModel.gpt2(5).write(tmp.resolve("gpt2"),
                TinyModel.Layout.plain("F32")));
    }

    /** A real encoder whose loads and closes are counted. */
    private static final class Counted {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final RegisteredModel model;

        Counted(String id, CountDownLatch gate, CountDownLatch entered) {
            ModelInfo info = new ModelInfo("safetensors", "gpt2", 3, 32, 40, 48, "float32", "float32", "cpu()", null,
                    SIZE, null);
            model = RegisteredModel.usable(id, id, info, null, () -> {
                loads.incrementAndGet();
                entered.countDown();
                gate.await();
                HfEncoder real = HfEncoder.load(checkpoint, ComputeOptions.cpuFloat32());
                return new Encoder() {
                    @Override
                    public void forward(List<long[]> inputs, int[] layers, HiddenStateSink sink) {
                        real.forward(inputs, layers, sink);
                    }

                    @Override
                    public int maxBatchSize() {
                        return real.maxBatchSize();
                    }

                    @Override
                    public void close() {
                        closes.incrementAndGet();
                        real.close();
                    }
                };
            });
        }

        Counted(String id) {
            this(id, new CountDownLatch(0), new CountDownLatch(1));
        }
    }

    @Test
    void concurrentRequestsForAColdModelLoadItOnceAndShareIt() throws Exception {
        LoadedModels loaded = new LoadedModels(10 * SIZE, 1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Counted a = new Counted("a", gate, entered);
        CompletableFuture<LoadedModels.Lease> first = CompletableFuture.supplyAsync(() -> acquire(loaded, a.model));
        entered.await();
        Thread second = new Thread(() -> acquire(loaded, a.model).close());
        second.start();
        while (second.getState() != Thread.State.BLOCKED && second.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait(); // wait until it queues on the model's load lock
        }
        gate.countDown();
        second.join();
        try (LoadedModels.Lease lease = first.get(); LoadedModels.Lease again = loaded.acquire(a.model)) {
            assertThat(again.encoder()).isSameAs(lease.encoder());
        }
        assertThat(a.loads).hasValue(1);
        assertThat(loaded.usedBytes()).isEqualTo(SIZE);
        loaded.close();
        assertThat(a.closes).hasValue(1);
    }

    @Test
    void leastRecentlyUsedIdleModelIsUnloadedToFitTheBudget() throws Exception {
        LoadedModels loaded = new LoadedModels(2 * SIZE + SIZE / 2, 1);
        Counted a = new Counted("a");
        Counted b = new Counted("b");
        Counted c = new Counted("c");
        loaded.acquire(a.model).close();
        loaded.acquire(b.model).close();
        loaded.acquire(a.model).close(); // a is now more recent than b
        loaded.acquire(c.model).close();
        assertThat(loaded.isLoaded("a")).isTrue();
        assertThat(loaded.isLoaded("b")).isFalse();
        assertThat(loaded.isLoaded("c")).isTrue();
        assertThat(b.closes).hasValue(1);
        assertThat(a.closes).hasValue(0);
        assertThat(loaded.usedBytes()).isEqualTo(2 * SIZE);
        loaded.close();
    }

    @Test
    void aModelInUseIsNeverUnloadedAndTheNewcomerIsToldToRetry() throws Exception {
        LoadedModels loaded = new LoadedModels(SIZE + SIZE / 2, 7);
        Counted a = new Counted("a");
        Counted b = new Counted("b");
        try (LoadedModels.Lease held = loaded.acquire(a.model)) {
            ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> loaded.acquire(b.model));
            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
            assertThat(refused.getBody().getDetail()).contains("'b'").contains("memory-budget");
            assertThat(b.loads).hasValue(0);
            // the held model still works
            held.encoder().forward(List.of(new long[] {1, 2, 3}), new int[] {3}, (i, slot, s) -> assertThat(s).hasSize(96));
        }
        loaded.acquire(b.model).close();
        assertThat(loaded.isLoaded("a")).isFalse();
        assertThat(a.closes).hasValue(1);
        loaded.close();
    }

    private static LoadedModels.Lease acquire(LoadedModels loaded, RegisteredModel model) {
        try {
            return loaded.acquire(model);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unloadingFreesTheBudgetAtOnceAndTheWeightsWhenTheLastLeaseCloses() throws Exception {
        LoadedModels loaded = new LoadedModels(10 * SIZE, 1);
        Counted a = new Counted("a");
        LoadedModels.Lease held = loaded.acquire(a.model);
        loaded.unload("a");
        assertThat(loaded.isLoaded("a")).isFalse();
        assertThat(loaded.usedBytes()).isZero();
        assertThat(a.closes).hasValue(0); // a request still runs with it
        held.close();
        assertThat(a.closes).hasValue(1);
        loaded.unload("a"); // nothing loaded: no effect
        assertThat(loaded.usedBytes()).isZero();
        loaded.close();
    }

    /** An id removed and registered again: a copy still loaded under it belongs to the old model. */
    @Test
    void aLoadedCopyOfAnotherModelUnderTheSameIdIsNeverLeased() throws Exception {
        LoadedModels loaded = new LoadedModels(10 * SIZE, 1);
        Counted before = new Counted("same");
        Counted after = new Counted("same");
        loaded.acquire(before.model).close();
        try (LoadedModels.Lease lease = loaded.acquire(after.model)) {
            assertThat(after.loads).hasValue(1);
            assertThat(before.closes).hasValue(1);
            assertThat(loaded.usedBytes()).isEqualTo(SIZE);
        }
        loaded.close();
    }
}
