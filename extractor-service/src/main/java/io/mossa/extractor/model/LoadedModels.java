package io.mossa.extractor.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mossa.web.problem.ApiProblem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded models under a memory budget, least recently used unloaded first.
 *
 * <p>One loaded copy per model, shared by every request that leases it; a model is only unloaded when no
 * lease holds it, so a forward pass never loses its weights. Loading is serialised per model (two
 * requests for a cold model load it once) but not across models. When the budget cannot be met because
 * the models that would have to go are in use, the request is told to come back (503 + Retry-After)
 * rather than exceeding the budget. Sizes are estimates known before loading (ModelInfo.memoryBytes, see
 * HfCheckpoint#memoryBytes); a model larger than the whole budget is refused at registration.
 */
public final class LoadedModels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    private final long budgetBytes;
    private final long retryAfterSeconds;
    /** Access order: the first entry is the least recently used. Guarded by this. */
    private final LinkedHashMap<String, Entry> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
    private long usedBytes;

    private static final class Entry {
        /** Whose weights these are: an id removed and registered again names a different model. */
        final RegisteredModel model;
        final Encoder encoder;
        final long bytes;
        int leases;
        boolean evicted;

        Entry(RegisteredModel model, Encoder encoder, long bytes) {
            this.model = model;
            this.encoder = encoder;
            this.bytes = bytes;
        }
    }

    /** A model held loaded until closed. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public Encoder encoder() {
            return entry.encoder;
        }

        @Override
        public void close() {
            synchronized (LoadedModels.this) {
                if (closed) {
                    return;
                }
                closed = true;
                entry.leases--;
                if (entry.evicted && entry.leases == 0) {
                    entry.encoder.close();
                }
            }
        }
    }

    public LoadedModels(long budgetBytes, long retryAfterSeconds) {
        this.budgetBytes = budgetBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public synchronized boolean isLoaded(String id) {
        return loaded.containsKey(id);
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** The model's shared copy, loading it (and unloading idle ones) if needed. */
    public Lease acquire(RegisteredModel model) throws Exception {
        Lease lease = leaseIfLoaded(model);
        if (lease != null) {
            return lease;
        }
        synchronized (loadLocks.computeIfAbsent(model.id(), id -> new Object())) {
            lease = leaseIfLoaded(model);
            if (lease != null) {
                return lease;
            }
            long bytes = model.info().memoryBytes();
            List<Entry> unload = reserve(model.id(), bytes);
            unload.forEach(e -> e.encoder.close());
            Encoder encoder;
            try {
                encoder = model.loader().load();
            } catch (Exception | Error e) {
                release(bytes);
                throw e;
            }
            synchronized (this) {
                Entry entry = new Entry(model, encoder, bytes);
                entry.leases = 1;
                loaded.put(model.id(), entry);
                return new Lease(entry);
            }
        }
    }

    private synchronized Lease leaseIfLoaded(RegisteredModel model) {
        Entry entry = loaded.get(model.id());
        if (entry == null) {
            return null;
        }
        if (entry.model != model) {
            unload(model.id());
            return null;
        }
        entry.leases++;
        return new Lease(entry);
    }

    /**
     * Forgets the model's loaded copy and gives its bytes back to the budget; the weights are freed now if
     * no request holds them, else when the last lease closes.
     */
    public synchronized void unload(String id) {
        Entry entry = loaded.remove(id);
        if (entry == null) {
            return;
        }
        entry.evicted = true;
        usedBytes -= entry.bytes;
        if (entry.leases == 0) {
            entry.encoder.close();
        }
        log.info("model unloaded id={} bytes={} leases={} reason=removed", id, entry.bytes, entry.leases);
    }

    /**
     * Counts {@code bytes} as used, first removing idle models in LRU order until they fit; the removed
     * ones are returned to be closed outside the lock.
     */
    private synchronized List<Entry> reserve(String id, long bytes) {
        List<Entry> unload = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> lru = loaded.entrySet().iterator();
        while (usedBytes + bytes > budgetBytes && lru.hasNext()) {
            Map.Entry<String, Entry> candidate = lru.next();
            Entry entry = candidate.getValue();
            if (entry.leases == 0) {
                lru.remove();
                entry.evicted = true;
                usedBytes -= entry.bytes;
                unload.add(entry);
                log.info("model unloaded id={} bytes={} reason=memory budget for {}", candidate.getKey(),
                        entry.bytes, id);
            }
        }
        if (usedBytes + bytes > budgetBytes) {
            // Put nothing back: the models already unloaded were idle, reloading them costs only time.
            unload.forEach(e -> e.encoder.close());
            throw ApiProblem.unavailable("model '" + id + "' needs "
                    + bytes + " bytes but only " + (budgetBytes - usedBytes) + " of the memory budget of "
                    + budgetBytes + " bytes (mossa.extractor.memory-budget) can be freed: the other loaded models "
                    + "are in use; retry after " + retryAfterSeconds + " s", retryAfterSeconds).with("model", id);
        }
        usedBytes += bytes;
        return unload;
    }

    private synchronized void release(long bytes) {
        usedBytes -= bytes;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(e -> e.encoder.close());
        loaded.clear();
        usedBytes = 0;
    }
}
