package io.mossa.cka.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.mossa.cka.extractor.Activations;
import io.mossa.cka.extractor.ExtractorClient;
import io.mossa.cka.extractor.PromptFormat;

/**
 * Activations for the runner, from the {@link ActivationCache} where present and from the extractor
 * otherwise.
 *
 * <p>One entry holds one layer of one model revision for one task's ordered prompt list. A task's prompts
 * are the unit every comparison asks for: the experimental model's activations on a task are requested
 * with the same prompts for every control model, every re-run and every measure, so they hit whole; per
 * layer, because experiments choose different layer sets and should still share the layers they have in
 * common. Per-prompt entries would also serve overlapping prompt lists, at the price of one file per
 * (prompt, layer): 330 000 files for one 10 000-prompt task of a 33-layer model.
 *
 * <p>Only the layers missing from the cache are fetched, for all prompts, in the extractor client's chunks, and
 * each chunk goes straight to its layers' files: the heap holds one chunk, never n x layers. The files are then
 * mapped, and become cache entries; a model whose extractor lists no revision is never cached (without one a changed
 * checkpoint behind the same model id could not be told apart), and neither is anything when the cache is off: their
 * files are deleted as soon as they are mapped.
 */
@Component
public class CachedActivationSource {

    private static final Logger log = LoggerFactory.getLogger(CachedActivationSource.class);

    private final ActivationCache cache;
    private final ExtractorClient extractor;

    public CachedActivationSource(ActivationCache cache, ExtractorClient extractor) {
        this.cache = cache;
        this.extractor = extractor;
    }

    public Activations fetch(String model, List<String> texts, List<Integer> layers, String pooling,
            PromptFormat format) throws InterruptedException {
        Optional<String> revision = cache.enabled() ? extractor.revision(model) : Optional.empty();
        if (cache.enabled() && revision.isEmpty()) {
            log.debug("model '{}' has no revision at the extractor; its activations are not cached", model);
        }
        int n = texts.size();
        FloatBuffer[] stacked = new FloatBuffer[layers.size()];
        ActivationKey[] keys = new ActivationKey[layers.size()];
        List<Integer> missing = new ArrayList<>();
        int dim = -1;
        for (int l = 0; l < layers.size(); l++) {
            // without a revision the key is only a name for the scratch file: never looked up, never kept
            keys[l] = ActivationKey.of(model, revision.orElse("uncached"), pooling, layers.get(l), format, texts);
            Optional<ActivationCache.Entry> entry = revision.isPresent() ? cache.get(keys[l], model, n)
                    : Optional.empty();
            if (entry.isPresent() && (dim == -1 || entry.get().dim() == dim)) {
                dim = entry.get().dim();
                stacked[l] = entry.get().values();
            } else {
                missing.add(l);
            }
        }
        if (missing.isEmpty()) {
            return new Activations(model, n, dim, stacked);
        }
        Activations fetched = fetchToFiles(model, texts, missing.stream().map(layers::get).toList(), pooling, format,
                missing.stream().map(m -> keys[m]).toList(), revision.isPresent());
        if (dim != -1 && dim != fetched.dim()) {
            // cached layers of another width than the model has now: its files changed under one revision
            log.warn("cached activations of '{}' are {} wide, the extractor's {}; fetching all layers", model, dim,
                    fetched.dim());
            return fetchToFiles(model, texts, layers, pooling, format, List.of(keys), revision.isPresent());
        }
        for (int m = 0; m < missing.size(); m++) {
            stacked[missing.get(m)] = fetched.layers()[m];
        }
        return new Activations(model, n, fetched.dim(), stacked);
    }

    /**
     * Streams the layers' activations from the extractor into one file per layer, maps them, and makes them cache
     * entries ({@code keep}) or deletes them (their mappings stay valid until the arrays are collected).
     */
    private Activations fetchToFiles(String model, List<String> texts, List<Integer> layers, String pooling,
            PromptFormat format, List<ActivationKey> keys, boolean keep) throws InterruptedException {
        int n = texts.size();
        LayerFile.Writer[] writers = new LayerFile.Writer[layers.size()];
        int[] width = {-1};
        try {
            extractor.stream(model, texts, layers, pooling, format, (from, rows, dim, values) -> {
                if (width[0] == -1) {
                    width[0] = dim;
                    for (int l = 0; l < writers.length; l++) {
                        writers[l] = new LayerFile.Writer(cache.newTempFile(keys.get(l)), n, dim);
                    }
                }
                for (int l = 0; l < writers.length; l++) {
                    writers[l].append(values, l * rows * dim, rows);
                }
            });
            FloatBuffer[] mapped = new FloatBuffer[layers.size()];
            for (int l = 0; l < writers.length; l++) {
                writers[l].finish();
                mapped[l] = LayerFile.map(writers[l].file(), n).values();
                if (keep) {
                    cache.adopt(keys.get(l), writers[l].file());
                } else {
                    Files.deleteIfExists(writers[l].file());
                }
            }
            return new Activations(model, n, width[0], mapped);
        } catch (IOException e) {
            throw new UncheckedIOException("activations of '" + model + "' could not be written to "
                    + cache.dir() + ": " + e.getMessage(), e);
        } finally {
            for (LayerFile.Writer writer : writers) {
                if (writer != null) {
                    closeAndDeleteUnfinished(writer);
                }
            }
        }
    }

    private static void closeAndDeleteUnfinished(LayerFile.Writer writer) {
        try {
            writer.close();
            Path file = writer.file();
            if (Files.exists(file) && file.getFileName().toString().endsWith(".tmp")) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("could not remove {}: {}", writer.file(), e.toString());
        }
    }
}
