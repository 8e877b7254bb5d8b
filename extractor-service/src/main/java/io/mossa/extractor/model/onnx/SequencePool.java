package io.mossa.extractor.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads that run ONNX sequences, shared by every ONNX model and request of the process.
 *
 * <p>Why sequences in parallel rather than ONNX Runtime's own intra-op threads: an encoder runs each input
 * alone (see {@link OnnxEncoder}), and one sequence of about a hundred tokens is too small a problem for
 * intra-op threads to share well: they meet at every operator. Measured on the bundled MiniLM pair (2 cores, prompts
 * of about 94 tokens, {@code ./mossa bench extraction}): one sequence per core with one intra-op thread each ran 1.23x
 * (float32) and 1.56x (int8) the prompts/s of one sequence at a time on two intra-op threads, on a quiet machine, and
 * more under load (docs/scale.md#extraction). One pool for the process
 * keeps the threads at this count whatever the number of concurrent requests and models.
 */
public final class SequencePool implements AutoCloseable {

    private final int threads;
    private final ExecutorService executor;

    /** @param threads sequences run at once; 0 = one per available processor */
    public SequencePool(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("mossa.extractor.sequence-threads must be 0 (one per core) or more, got "
                    + threads);
        }
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(this.threads, task -> {
            Thread thread = new Thread(task, "onnx-sequence-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code sequence} for each index 0..count-1, at most {@link #threads()} at a time over the whole
     * process, and returns when all have finished. The first failure is rethrown once all have stopped, so no
     * sequence is still writing into the caller's arrays when this returns.
     */
    void runAll(int count, IntConsumer sequence) {
        List<Future<?>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(executor.submit(() -> sequence.accept(index)));
        }
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the sequences still write into the caller's arrays: wait for them
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException("ONNX sequence failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
